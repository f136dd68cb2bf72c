// C++ half of the benchmark addon: a node-addon-api ObjectWrap method call. Built natively
// (node-gyp, bench/binding.gyp), with wasm-napi's CLI and with emnapi's clang++ route
// (bench/build.mjs), and timed by bench/run.mjs as `counter.increment()`.
// Exceptions are off everywhere (NAPI_DISABLE_CPP_EXCEPTIONS): Debian's wasm32 libc++ has none.
#include <napi.h>

class Counter : public Napi::ObjectWrap<Counter> {
 public:
  static Napi::Object Init(Napi::Env env, Napi::Object exports) {
    Napi::Function ctor = DefineClass(env, "Counter", {InstanceMethod("increment", &Counter::Increment)});
    exports.Set("Counter", ctor);
    return exports;
  }

  explicit Counter(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Counter>(info) {}

 private:
  // increment(): adds 1 to the native count and returns it.
  Napi::Value Increment(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), ++count_); }

  double count_ = 0;
};

static Napi::Object Init(Napi::Env env, Napi::Object exports) { return Counter::Init(env, exports); }

NODE_API_MODULE(NODE_GYP_MODULE_NAME, Init)
