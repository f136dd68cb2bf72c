# CMake toolchain file for the wasm32-wasi route: clang 16 with Debian's wasi-libc and libc++
# under /usr (apt packages listed in docs/toolchains.md).
#
#   cmake -DCMAKE_TOOLCHAIN_FILE=<wasm-napi>/cpp/wasi-toolchain.cmake -S . -B build
#
# Target and sysroot repeat `target` of addonFlags in src/cli/build.ts (the rest of the flags
# come from there through wasm-napi.cmake); keep the two in step.

# CMake 3.25 has no WASI platform module; Generic is the bare cross-compiling platform.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR wasm32)

# Same choice as `wasm-napi build`: $WASM_NAPI_CC / $WASM_NAPI_CXX, else clang-16, else clang.
if(DEFINED ENV{WASM_NAPI_CC})
  set(CMAKE_C_COMPILER "$ENV{WASM_NAPI_CC}")
else()
  find_program(WASM_NAPI_CLANG NAMES clang-16 clang REQUIRED)
  set(CMAKE_C_COMPILER "${WASM_NAPI_CLANG}")
endif()
if(DEFINED ENV{WASM_NAPI_CXX})
  set(CMAKE_CXX_COMPILER "$ENV{WASM_NAPI_CXX}")
else()
  find_program(WASM_NAPI_CLANGXX NAMES clang++-16 clang++ REQUIRED)
  set(CMAKE_CXX_COMPILER "${WASM_NAPI_CLANGXX}")
endif()

set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_CXX_COMPILER_TARGET wasm32-wasi)
set(CMAKE_SYSROOT /usr)
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")

# Programs (node, wasm-objdump) come from the host; libraries and headers from the sysroot.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
