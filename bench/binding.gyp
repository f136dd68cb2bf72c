{
  "targets": [
    {
      "target_name": "bench",
      "sources": ["bench.c"],
      "cflags": ["-Wall"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
