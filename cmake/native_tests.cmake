# Catch2 (2.x, single header from Debian's catch2 package). Every .cpp under
# tests/native/ joins one test binary; each TEST_CASE is registered with CTest.
find_path(RC_CATCH2_INCLUDE catch2/catch.hpp PATHS /usr/include)
if(NOT RC_CATCH2_INCLUDE)
  message(FATAL_ERROR "catch2/catch.hpp not found: apt-get install catch2")
endif()

file(GLOB_RECURSE rc_native_test_sources CONFIGURE_DEPENDS
     "${CMAKE_SOURCE_DIR}/tests/native/*.cpp")
add_executable(rc_native_tests ${rc_native_test_sources})
target_link_libraries(rc_native_tests PRIVATE rc_core)
target_include_directories(rc_native_tests SYSTEM PRIVATE "${RC_CATCH2_INCLUDE}")
target_compile_definitions(rc_native_tests PRIVATE
  RC_SOURCE_DIR="${CMAKE_SOURCE_DIR}")

add_test(NAME native_tests COMMAND rc_native_tests --reporter compact)
