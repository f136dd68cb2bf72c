// The `?napi` module types, as an app would get them with `/// <reference types="wasm-napi/vite-client" />`.
/// <reference path="../../vite-client.d.ts" />
