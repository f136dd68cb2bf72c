# CMake helper for Node-API addons compiled to wasm reactor modules.
#
#   include(<wasm-napi package>/cpp/wasm-napi.cmake)
#   add_napi_wasm_module(<name> SOURCES a.c b.cc
#                        [INCLUDE_DIRS dir...] [DEFINITIONS X Y=1...]
#                        [EXPORTS symbol...] [STACK_SIZE bytes])
#
# produces <name>.wasm. Configure with either toolchain:
#   cmake -DCMAKE_TOOLCHAIN_FILE=<wasm-napi>/cpp/wasi-toolchain.cmake ...   (clang, wasm32-wasi)
#   emcmake cmake ...                                                       (Emscripten)
#
# The flags are not listed here: they come from `wasm-napi flags --cmake` (src/cli/build.ts,
# addonFlags), the list `wasm-napi build` uses, so both builds agree. That needs node and the
# package's dist/ (npm run build) at configure time. Optimisation and -g follow the build type
# (with none set, the CLI's default -O2); --strip-debug applies except in Debug and RelWithDebInfo.

include_guard(GLOBAL)
if(CMAKE_VERSION VERSION_LESS 3.20)
  message(FATAL_ERROR "wasm-napi.cmake needs CMake 3.20 or newer")
endif()

find_program(WASM_NAPI_NODE NAMES node nodejs REQUIRED)
set(WASM_NAPI_CLI "${CMAKE_CURRENT_LIST_DIR}/../dist/cli/wasm-napi.js"
    CACHE FILEPATH "The wasm-napi command (dist/cli/wasm-napi.js of the npm package)")
if(NOT EXISTS "${WASM_NAPI_CLI}")
  message(FATAL_ERROR "wasm-napi: ${WASM_NAPI_CLI} not found; run `npm run build` in the wasm-napi package")
endif()

function(add_napi_wasm_module name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "STACK_SIZE" "SOURCES;INCLUDE_DIRS;DEFINITIONS;EXPORTS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_napi_wasm_module(${name}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "add_napi_wasm_module(${name}): no SOURCES")
  endif()

  # -o only names the module: it sets NODE_GYP_MODULE_NAME as `wasm-napi build` would.
  set(args flags --cmake -o "${name}.wasm")
  if(EMSCRIPTEN)
    list(APPEND args --emscripten)
  elseif(NOT CMAKE_C_COMPILER_TARGET MATCHES "^wasm32-wasi" AND NOT CMAKE_CXX_COMPILER_TARGET MATCHES "^wasm32-wasi")
    message(FATAL_ERROR "add_napi_wasm_module(${name}): the compiler does not target wasm32-wasi. "
      "Configure with -DCMAKE_TOOLCHAIN_FILE=${CMAKE_CURRENT_FUNCTION_LIST_DIR}/wasi-toolchain.cmake or with emcmake.")
  endif()
  if(DEFINED ARG_STACK_SIZE)
    list(APPEND args --stack-size "${ARG_STACK_SIZE}")
  endif()
  foreach(symbol IN LISTS ARG_EXPORTS)
    list(APPEND args --export "${symbol}")
  endforeach()
  execute_process(
    COMMAND "${WASM_NAPI_NODE}" "${WASM_NAPI_CLI}" ${args}
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    OUTPUT_VARIABLE flags_script ERROR_VARIABLE flags_error RESULT_VARIABLE flags_result)
  if(NOT flags_result EQUAL 0)
    message(FATAL_ERROR "add_napi_wasm_module(${name}): `wasm-napi ${args}` failed: ${flags_error}")
  endif()
  # Sets WASM_NAPI_{C,CXX}_COMPILE_OPTIONS, WASM_NAPI_{C,CXX}_LINK_OPTIONS,
  # WASM_NAPI_STRIP_LINK_OPTIONS and WASM_NAPI_OPTIMIZE_OPTIONS.
  cmake_language(EVAL CODE "${flags_script}")

  add_executable(${name} ${ARG_SOURCES})
  # Emscripten's platform defaults to .js (and JS glue); a .wasm name makes emcc write only the module.
  set_target_properties(${name} PROPERTIES SUFFIX ".wasm")
  target_include_directories(${name} PRIVATE ${ARG_INCLUDE_DIRS})
  target_compile_definitions(${name} PRIVATE ${ARG_DEFINITIONS})
  # One option per generator expression: a list inside $<...> would be split apart.
  foreach(lang IN ITEMS C CXX)
    foreach(option IN LISTS WASM_NAPI_${lang}_COMPILE_OPTIONS)
      target_compile_options(${name} PRIVATE "$<$<COMPILE_LANGUAGE:${lang}>:${option}>")
    endforeach()
    foreach(option IN LISTS WASM_NAPI_${lang}_LINK_OPTIONS)
      target_link_options(${name} PRIVATE "$<$<LINK_LANGUAGE:${lang}>:${option}>")
    endforeach()
  endforeach()
  # No build type means no -O at all: use the CLI's default instead of an unoptimised module.
  if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    target_compile_options(${name} PRIVATE ${WASM_NAPI_OPTIMIZE_OPTIONS})
    target_link_options(${name} PRIVATE ${WASM_NAPI_OPTIMIZE_OPTIONS})
  endif()
  foreach(option IN LISTS WASM_NAPI_STRIP_LINK_OPTIONS)
    target_link_options(${name} PRIVATE "$<$<NOT:$<CONFIG:Debug,RelWithDebInfo>>:${option}>")
  endforeach()
endfunction()
