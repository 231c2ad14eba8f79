# libFuzzer targets (clang only): every tests/fuzz/targets/<name>.cpp becomes
# fuzz_<name>, linked with the core built under ASan + UBSan + coverage.
file(GLOB rc_fuzz_sources CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/fuzz/targets/*.cpp")
foreach(source ${rc_fuzz_sources})
  get_filename_component(name "${source}" NAME_WE)
  add_executable(fuzz_${name} "${source}")
  target_link_libraries(fuzz_${name} PRIVATE rc_core)
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
endforeach()
