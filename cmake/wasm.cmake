# The WASM flavour: two artifacts from one core (docs/ARCHITECTURE.md).
# - The browser core, bindings/browser/*.cpp -> dist/realtime-companion-browser.{mjs,wasm}:
#   loads a compiled tool set, validates, plans and interprets calls, runs keys.
# - The compiler, bindings/browser/*.cpp + bindings/compiler/*.cpp ->
#   dist/realtime-companion-core.{mjs,wasm}: everything, for Node, the server,
#   and pages that pass raw tools (loaded lazily).
# wasm-ld keeps only what a module's bindings reach, so the browser core
# carries no schema compiler, metaschema, lint or request matcher.
set(RC_DIST_DIR "${CMAKE_SOURCE_DIR}/dist" CACHE PATH "Where the .mjs and .wasm go (experiments use another folder)")
file(GLOB rc_browser_binding_sources CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/bindings/browser/*.cpp")
file(GLOB rc_compiler_binding_sources CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/bindings/compiler/*.cpp")
add_library(rc_browser_bindings OBJECT ${rc_browser_binding_sources})
target_link_libraries(rc_browser_bindings PRIVATE rc_core)
add_executable(rc_wasm ${rc_compiler_binding_sources} $<TARGET_OBJECTS:rc_browser_bindings>)
add_executable(rc_wasm_browser $<TARGET_OBJECTS:rc_browser_bindings>)
foreach(target rc_wasm rc_wasm_browser)
  target_link_libraries(${target} PRIVATE rc_core)
  set_target_properties(${target} PROPERTIES SUFFIX ".mjs" RUNTIME_OUTPUT_DIRECTORY "${RC_DIST_DIR}")
endforeach()
set_target_properties(rc_wasm PROPERTIES OUTPUT_NAME "realtime-companion-core")
set_target_properties(rc_wasm_browser PROPERTIES OUTPUT_NAME "realtime-companion-browser" LINKER_LANGUAGE CXX)

# Why these flags:
# - EXPORT_ES6 + ENVIRONMENT=web: an ES module glue with no Node-only code
#   (3.1.6's Node branch uses __dirname, which ESM lacks). web/load-module.js
#   supplies the compiled module through instantiateWasm, in browsers
#   (streaming compile) and in Node (bytes read with fs) alike.
# - FILESYSTEM=0, no exceptions: nothing the core needs, and less to ship.
# - ALLOW_MEMORY_GROWTH: arguments and responses can be megabytes.
# Each artifact's plain exports, listed once (bindings/*/exports.txt; `#` starts
# a comment), as the one-name-a-line file -sEXPORTED_FUNCTIONS=@ reads. The
# browser core has no embind (--bind): every crossing is one of these.
function(rc_exports_file out)
  set(names "")
  foreach(list IN LISTS ARGN)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${list}")
    file(STRINGS "${list}" lines REGEX "^_")
    list(APPEND names ${lines})
  endforeach()
  list(JOIN names "\n" text)
  file(WRITE "${out}" "${text}\n")
endfunction()
rc_exports_file("${CMAKE_BINARY_DIR}/browser-exports.txt" "${CMAKE_SOURCE_DIR}/bindings/browser/exports.txt")
rc_exports_file("${CMAKE_BINARY_DIR}/compiler-exports.txt" "${CMAKE_SOURCE_DIR}/bindings/browser/exports.txt"
  "${CMAKE_SOURCE_DIR}/bindings/compiler/exports.txt")

set(rc_wasm_link_options
  -sMODULARIZE=1
  -sEXPORT_ES6=1
  -sENVIRONMENT=web,worker
  -sFILESYSTEM=0
  -sALLOW_MEMORY_GROWTH=1
  -sINITIAL_MEMORY=1MB
  -sTOTAL_STACK=256KB
  -sDISABLE_EXCEPTION_CATCHING=1
  -sDYNAMIC_EXECUTION=0
  -sTEXTDECODER=2
  -sINCOMING_MODULE_JS_API=[instantiateWasm,print,printErr,onAbort]
)
target_link_options(rc_wasm PRIVATE ${rc_wasm_link_options} --bind -sEXPORT_NAME=createCoreModule
  "-sEXPORTED_FUNCTIONS=@${CMAKE_BINARY_DIR}/compiler-exports.txt")
target_link_options(rc_wasm_browser PRIVATE ${rc_wasm_link_options} -sEXPORT_NAME=createBrowserCoreModule
  "-sEXPORTED_FUNCTIONS=@${CMAKE_BINARY_DIR}/browser-exports.txt")

# Set-up code (configuration, schema compiling, linting, keys) runs once per
# page or once a minute: it is compiled for size. The per-call path (parse,
# evaluate, regex, formats, URL, router, its binding) keeps -O3.
set(rc_cold_sources
  src/json/parse.cpp
  src/keys/errors.cpp src/keys/http_date.cpp src/keys/key_manager.cpp src/keys/key_response.cpp
  src/keys/key_shape.cpp src/keys/options.cpp src/keys/retry_after.cpp src/keys/secret.cpp src/keys/seen_keys.cpp
  src/keys/sha256.cpp
  src/router/error_code.cpp src/router/known_fields.cpp src/router/tool_definition.cpp src/router/tool_error.cpp src/router/tool_lint.cpp
  src/router/tool_set.cpp src/router/tool_set_compile.cpp src/schema/schema_codec.cpp src/schema/regex/regex_codec.cpp
  src/schema/compile_options.cpp src/schema/compiler.cpp src/schema/keywords.cpp src/schema/metaschemas.cpp
  src/schema/uri.cpp src/url/query_arguments.cpp
  bindings/browser/key_bindings.cpp bindings/browser/heap_bindings.cpp bindings/browser/wire_declaration.cpp
  bindings/compiler/schema_bindings.cpp bindings/compiler/tool_set_bindings.cpp)
list(TRANSFORM rc_cold_sources PREPEND "${CMAKE_SOURCE_DIR}/")
option(RC_COLD_FOR_SIZE "Compile the set-up code with -Os" ON)
if(RC_COLD_FOR_SIZE)
  set_source_files_properties(${rc_cold_sources} PROPERTIES COMPILE_OPTIONS "-Os")
endif()
