# The WASM flavour: core + embind bindings -> dist/realtime-companion-core.{mjs,wasm}.
# Every .cpp under bindings/ joins the module.
set(RC_DIST_DIR "${CMAKE_SOURCE_DIR}/dist" CACHE PATH "Where the .mjs and .wasm go (experiments use another folder)")
file(GLOB rc_binding_sources CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/bindings/*.cpp")
add_executable(rc_wasm ${rc_binding_sources})
target_link_libraries(rc_wasm PRIVATE rc_core)
set_target_properties(rc_wasm PROPERTIES
  OUTPUT_NAME "realtime-companion-core"
  SUFFIX ".mjs"
  RUNTIME_OUTPUT_DIRECTORY "${RC_DIST_DIR}")

# Why these flags:
# - EXPORT_ES6 + ENVIRONMENT=web: an ES module glue with no Node-only code
#   (3.1.6's Node branch uses __dirname, which ESM lacks). web/load-module.js
#   supplies the compiled module through instantiateWasm, in browsers
#   (streaming compile) and in Node (bytes read with fs) alike.
# - FILESYSTEM=0, no exceptions: nothing the core needs, and less to ship.
# - ALLOW_MEMORY_GROWTH: arguments and responses can be megabytes.
target_link_options(rc_wasm PRIVATE
  --bind
  -sMODULARIZE=1
  -sEXPORT_ES6=1
  -sEXPORT_NAME=createCoreModule
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

# Set-up code (configuration, schema compiling, linting, keys) runs once per
# page or once a minute: it is compiled for size. The per-call path (parse,
# evaluate, regex, formats, URL, router, its binding) keeps -O3.
set(rc_cold_sources
  src/json/parse.cpp
  src/keys/errors.cpp src/keys/http_date.cpp src/keys/key_manager.cpp src/keys/key_response.cpp
  src/keys/key_shape.cpp src/keys/options.cpp src/keys/retry_after.cpp src/keys/secret.cpp src/keys/seen_keys.cpp
  src/keys/sha256.cpp
  src/router/error_code.cpp src/router/known_fields.cpp src/router/tool_definition.cpp src/router/tool_error.cpp src/router/tool_lint.cpp
  src/schema/compile_options.cpp src/schema/compiler.cpp src/schema/keywords.cpp src/schema/metaschemas.cpp
  src/schema/uri.cpp src/url/query_arguments.cpp
  bindings/key_bindings.cpp bindings/schema_bindings.cpp bindings/heap_bindings.cpp)
list(TRANSFORM rc_cold_sources PREPEND "${CMAKE_SOURCE_DIR}/")
option(RC_COLD_FOR_SIZE "Compile the set-up code with -Os" ON)
if(RC_COLD_FOR_SIZE)
  set_source_files_properties(${rc_cold_sources} PROPERTIES COMPILE_OPTIONS "-Os")
endif()
