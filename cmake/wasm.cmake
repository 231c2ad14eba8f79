# The WASM flavour: three artifacts from one core (docs/ARCHITECTURE.md).
# - The browser core, bindings/browser/*.cpp -> dist/realtime-companion-browser.wasm:
#   loads a compiled tool set, validates, plans and interprets calls. Standalone
#   WebAssembly, with no Emscripten glue (see below).
# - The key piece, bindings/keys/*.cpp -> dist/realtime-companion-keys.wasm:
#   the ephemeral-key manager and the key-shape rule, which a page loads only when
#   it uses keys (a unified-interface page never does), before its first start.
#   Standalone WebAssembly too.
# - The compiler, bindings/browser/*.cpp + bindings/compiler/*.cpp ->
#   dist/realtime-companion-core.{mjs,wasm}: everything but keys, for Node, the
#   server, and pages that pass raw tools (loaded lazily).
# wasm-ld keeps only what a module's bindings reach, so the browser core
# carries no schema compiler, metaschema, lint, request matcher or key manager.
set(RC_DIST_DIR "${CMAKE_SOURCE_DIR}/dist" CACHE PATH "Where the .mjs and .wasm go (experiments use another folder)")
file(GLOB rc_browser_binding_sources CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/bindings/browser/*.cpp")
file(GLOB rc_compiler_binding_sources CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/bindings/compiler/*.cpp")
file(GLOB rc_key_binding_sources CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/bindings/keys/*.cpp")
add_library(rc_browser_bindings OBJECT ${rc_browser_binding_sources})
target_link_libraries(rc_browser_bindings PRIVATE rc_core)
add_executable(rc_wasm ${rc_compiler_binding_sources} $<TARGET_OBJECTS:rc_browser_bindings>)
add_executable(rc_wasm_browser $<TARGET_OBJECTS:rc_browser_bindings>)
# The heap figures serve the key piece's memory tests too.
add_executable(rc_wasm_keys ${rc_key_binding_sources} "${CMAKE_SOURCE_DIR}/bindings/browser/heap_bindings.cpp")
set(rc_wasm_targets rc_wasm rc_wasm_browser rc_wasm_keys)
foreach(target ${rc_wasm_targets})
  target_link_libraries(${target} PRIVATE rc_core)
  set_target_properties(${target} PROPERTIES SUFFIX ".mjs" RUNTIME_OUTPUT_DIRECTORY "${RC_DIST_DIR}")
endforeach()
set_target_properties(rc_wasm_browser rc_wasm_keys PROPERTIES SUFFIX ".wasm")
set_target_properties(rc_wasm PROPERTIES OUTPUT_NAME "realtime-companion-core")
set_target_properties(rc_wasm_browser PROPERTIES OUTPUT_NAME "realtime-companion-browser" LINKER_LANGUAGE CXX)
set_target_properties(rc_wasm_keys PROPERTIES OUTPUT_NAME "realtime-companion-keys")

# Why these flags:
# - EXPORT_ES6 + ENVIRONMENT=web (the compiler): an ES module glue with no Node-only code
#   (3.1.6's Node branch uses __dirname, which ESM lacks). common/load-core.js
#   supplies the compiled module through instantiateWasm, in browsers
#   (streaming compile) and in Node (bytes read with fs) alike.
# - FILESYSTEM=0, no exceptions: nothing the core needs, and less to ship.
# - ALLOW_MEMORY_GROWTH: arguments and responses can be megabytes.
# Each artifact's plain exports, listed once (bindings/*/exports.txt; `#` starts
# a comment), as the one-name-a-line file -sEXPORTED_FUNCTIONS=@ reads. The
# browser core and the key piece have no embind (--bind): every crossing is one of these.
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
rc_exports_file("${CMAKE_BINARY_DIR}/keys-exports.txt" "${CMAKE_SOURCE_DIR}/bindings/keys/exports.txt")
rc_exports_file("${CMAKE_BINARY_DIR}/compiler-exports.txt" "${CMAKE_SOURCE_DIR}/bindings/browser/exports.txt"
  "${CMAKE_SOURCE_DIR}/bindings/compiler/exports.txt")

set(rc_wasm_link_options
  -sFILESYSTEM=0
  -sALLOW_MEMORY_GROWTH=1
  -sINITIAL_MEMORY=1MB
  -sTOTAL_STACK=256KB
  -sDISABLE_EXCEPTION_CATCHING=1
)
# The glue's own options, for the artifacts that keep Emscripten's glue.
set(rc_wasm_glue_options
  -sMODULARIZE=1
  -sEXPORT_ES6=1
  -sENVIRONMENT=web,worker
  -sDYNAMIC_EXECUTION=0
  -sTEXTDECODER=2
  -sINCOMING_MODULE_JS_API=[instantiateWasm,print,printErr,onAbort]
)
# The browser core and the key piece have no glue: STANDALONE_WASM keeps its exports under their
# own names and leaves it two imports (growth notice, exit), which
# common/standalone-instance.js supplies in a few lines instead of 6.7 KB of glue
# run on the page's first start. --no-entry: a library, its constructors run by
# the _initialize export.
set(rc_wasm_standalone_options -sSTANDALONE_WASM=1 --no-entry)
# Built for size where it costs no speed (issue 28; each flag measured on its own in
# docs/performance.md#build-flags, speed with bench/speed/build-vs-build.mjs):
# - LTO: wasm-ld sees the whole program, so it drops and merges across files
#   what per-file -O3 kept, and the per-call path is as fast or faster. Works with embind (the system libraries
#   have LTO builds) and keeps the per-file -Oz below: it is an attribute of
#   each function in the bitcode.
# - emmalloc: a smaller allocator than dlmalloc; the per-call path allocates
#   little, so its speed does not matter there.
# - wasm-opt after the link: emcc's own pass is -O3; one more -Oz --converge on
#   the linked module shrinks what LTO left, at no cost in speed. The features are those of clang 14's output (MVP
#   and mutable globals): wasm-opt refuses a module that uses more, so a
#   toolchain that emits more is noticed here.
# - Closure on the glue (OFF): smaller published glue, little on a page (esbuild
#   already minifies it), and the JS API works (HEAP
#   views, _rc_* exports and embind names are all read by quoted name). It needs
#   a Closure Compiler that emcc 3.1.6 accepts (npm google-closure-compiler
#   20220104; Debian's is from 2013): RC_CLOSURE_COMPILER names it.
option(RC_LTO "Link-time optimisation (-flto at compile and link)" ON)
set(RC_MALLOC "emmalloc" CACHE STRING "Emscripten's allocator: emmalloc or dlmalloc")
option(RC_CLOSURE "Run the Closure compiler on the glue (needs RC_CLOSURE_COMPILER)" OFF)
set(RC_WASM_OPT_AFTER "-Oz --converge --enable-mutable-globals" CACHE STRING
    "wasm-opt flags run on each linked .wasm after emcc (empty: none)")
# - Binaryen (emcc's pass after the link and ours) inlines every function that has
#   one caller, whatever its size and whatever clang was told (noinline,
#   RC_RARELY_RUN): an error's wording or a section of the set's reading then sits
#   inside the function that calls it, and V8, which compiles a wasm function
#   whole on its first call, compiles it on the cold path though it never runs.
#   Above this size (binaryen's count of expressions) a one-caller function stays
#   out of line, where LLVM left it; -1: binaryen's default, all inlined. The
#   browser core and the key piece only: the compiler (Node, or a raw-tools
#   page) would grow by 0.8 KB gzip.
set(RC_WASM_ONE_CALLER_INLINE_MAX "40" CACHE STRING
    "binaryen's --one-caller-inline-max-function-size after the link, browser core and key piece (-1: all one-caller functions inlined)")
set(rc_one_caller "--one-caller-inline-max-function-size=${RC_WASM_ONE_CALLER_INLINE_MAX}")
set(rc_one_caller_targets rc_wasm_browser rc_wasm_keys)
if(RC_LTO)
  target_compile_options(rc_core PUBLIC -flto)
  list(APPEND rc_wasm_link_options -flto)
endif()
list(APPEND rc_wasm_link_options -sMALLOC=${RC_MALLOC})
if(RC_CLOSURE)
  find_program(RC_CLOSURE_COMPILER google-closure-compiler HINTS "${CMAKE_SOURCE_DIR}/node_modules/.bin")
  if(NOT RC_CLOSURE_COMPILER)
    message(FATAL_ERROR "RC_CLOSURE needs google-closure-compiler 20220104 (npm): set RC_CLOSURE_COMPILER")
  endif()
  list(APPEND rc_wasm_glue_options --closure 1)
  # emcc reads the compiler's path from its environment only.
  set_target_properties(${rc_wasm_targets} PROPERTIES
    CXX_LINKER_LAUNCHER "${CMAKE_COMMAND};-E;env;EM_CLOSURE_COMPILER=${RC_CLOSURE_COMPILER}")
endif()
target_link_options(rc_wasm PRIVATE ${rc_wasm_link_options} ${rc_wasm_glue_options} --bind -sEXPORT_NAME=createCoreModule
  "-sEXPORTED_FUNCTIONS=@${CMAKE_BINARY_DIR}/compiler-exports.txt")
target_link_options(rc_wasm_browser PRIVATE ${rc_wasm_link_options} ${rc_wasm_standalone_options}
  "-sEXPORTED_FUNCTIONS=@${CMAKE_BINARY_DIR}/browser-exports.txt")
target_link_options(rc_wasm_keys PRIVATE ${rc_wasm_link_options} ${rc_wasm_standalone_options}
  "-sEXPORTED_FUNCTIONS=@${CMAKE_BINARY_DIR}/keys-exports.txt")
foreach(target ${rc_one_caller_targets})
  target_link_options(${target} PRIVATE "-sBINARYEN_EXTRA_PASSES=${rc_one_caller}")
endforeach()

# Set-up code (configuration, schema compiling, linting, keys) runs once per
# page or once a minute: it is compiled for size, -Oz. The per-call path (parse, evaluate,
# regex matching, formats, URL, router, its binding) keeps -O3: the evaluator lives
# on inlining that -Oz undoes, and -Oz on the router, URL and JSON writing
# (RC_MORE_COLD_SOURCES) trades a slower tool call for a few KB. The figures:
# docs/performance.md#build-flags.
set(rc_cold_sources
  src/json/parse.cpp
  src/keys/errors.cpp src/keys/http_date.cpp src/keys/key_manager.cpp src/keys/key_response.cpp
  src/keys/key_shape.cpp src/keys/options.cpp src/keys/retry_after.cpp src/keys/secret.cpp src/keys/seen_keys.cpp
  src/keys/sha256.cpp src/keys/commands.cpp src/keys/key_acceptance.cpp src/keys/key_expiry.cpp src/keys/key_fetch_jobs.cpp
  src/keys/key_schedule.cpp src/keys/key_waiters.cpp
  src/router/error_code.cpp src/router/known_fields.cpp src/router/tool_definition.cpp src/router/tool_error.cpp src/router/tool_lint.cpp
  src/router/tool_set.cpp src/router/tool_set_compile.cpp src/schema/schema_codec.cpp src/schema/regex/regex_codec.cpp
  src/schema/regex/parse.cpp src/schema/regex/compile.cpp src/schema/regex/regex.cpp
  src/schema/compile_options.cpp src/schema/compiler.cpp src/schema/keywords.cpp src/schema/metaschemas.cpp
  src/schema/uri.cpp src/url/query_arguments.cpp
  bindings/browser/key_options_bindings.cpp bindings/browser/heap_bindings.cpp bindings/browser/wire_declaration.cpp
  bindings/keys/key_bindings.cpp bindings/keys/wire_declaration.cpp
  bindings/compiler/schema_bindings.cpp bindings/compiler/tool_set_bindings.cpp)
set(RC_MORE_COLD_SOURCES "" CACHE STRING "Experiments: more sources (relative to the source folder) compiled like the set-up code")
list(APPEND rc_cold_sources ${RC_MORE_COLD_SOURCES})
list(TRANSFORM rc_cold_sources PREPEND "${CMAKE_SOURCE_DIR}/")
option(RC_COLD_FOR_SIZE "Compile the set-up code for size" ON)
set(RC_COLD_OPT "-Oz" CACHE STRING "The set-up code's optimisation level (-Oz or -Os)")
if(RC_COLD_FOR_SIZE)
  set_source_files_properties(${rc_cold_sources} PROPERTIES COMPILE_OPTIONS "${RC_COLD_OPT}")
endif()
if(RC_WASM_OPT_AFTER)
  find_program(RC_WASM_OPT wasm-opt REQUIRED NO_CMAKE_FIND_ROOT_PATH)
  separate_arguments(rc_wasm_opt_after UNIX_COMMAND "${RC_WASM_OPT_AFTER}")
  foreach(target ${rc_wasm_targets})
    set(one_caller "")
    if(target IN_LIST rc_one_caller_targets)
      set(one_caller "${rc_one_caller}")
    endif()
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND "${RC_WASM_OPT}" ${rc_wasm_opt_after} ${one_caller} "$<TARGET_FILE_DIR:${target}>/$<TARGET_FILE_BASE_NAME:${target}>.wasm"
              -o "$<TARGET_FILE_DIR:${target}>/$<TARGET_FILE_BASE_NAME:${target}>.wasm"
      VERBATIM)
  endforeach()
endif()
