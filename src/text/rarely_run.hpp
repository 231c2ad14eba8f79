#pragma once
// RC_RARELY_RUN marks a function that runs seldom (an error answer, a refusal, a
// redirect): the WASM build (clang) compiles it for size, out of line. With LTO a
// function is otherwise inlined into its -O3 caller and optimised for speed there,
// whatever its own file's flags; the hot path it sits beside keeps -O3. Binaryen,
// after the link, inlines a function with one caller whatever clang was told: in
// the browser core and the key piece it keeps those over 40 expressions out of
// line (cmake/wasm.cmake, RC_WASM_ONE_CALLER_INLINE_MAX), so this holds there.
#if defined(__clang__)
#define RC_RARELY_RUN [[gnu::cold, gnu::noinline, clang::minsize]]
#else
#define RC_RARELY_RUN [[gnu::cold, gnu::noinline]]
#endif
