{
  "targets": [
    {
      "target_name": "bench",
      "sources": ["bench.c"],
      "cflags": ["-Wall"],
      "defines": ["NAPI_VERSION=8"]
    },
    {
      # node-addon-api's documented setup without C++ exceptions (its README / noexcept.gypi):
      # its include dir, NAPI_DISABLE_CPP_EXCEPTIONS, -fno-exceptions (node-gyp's default).
      "target_name": "bench_wrap",
      "sources": ["bench_wrap.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "cflags": ["-Wall"],
      "cflags_cc": ["-fno-exceptions"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"]
    }
  ]
}
