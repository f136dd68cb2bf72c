// A C++ addon written with node-addon-api only (no direct napi_* calls), built unchanged natively
// (node-gyp), with clang for wasm32-wasi and with Emscripten.
//
// Error handling compiles both ways, as node-addon-api's docs show: with NAPI_CPP_EXCEPTIONS (native
// and Emscripten builds) errors are C++ `throw`s of Napi::Error and failed calls throw; without it
// (the wasm32-wasi build, whose libc++ has no exceptions) errors are thrown with
// ThrowAsJavaScriptException() and failed calls leave a pending exception, checked with
// Env().IsExceptionPending(). JS sees the same either way.
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#ifdef NAPI_CPP_EXCEPTIONS
#define THROW(e) throw(e)
#define THROW_VOID(e) throw(e)
#else
#define THROW(e)                      \
  do {                                \
    (e).ThrowAsJavaScriptException(); \
    return Napi::Value();             \
  } while (0)
#define THROW_VOID(e)                 \
  do {                                \
    (e).ThrowAsJavaScriptException(); \
    return;                           \
  } while (0)
#endif

namespace {

/** Per-env state, kept with Env::SetInstanceData (deleted by node-addon-api at env teardown). */
struct AddonData {
  Napi::FunctionReference counter;
};

int liveCounters = 0;

// ---------------------------------------------------------------------------------------------
// Counter: an ObjectWrap class.
//   new Counter(start = 0, step = 1); increment(); add(n); addTo(other); value (get/set);
//   step (get only); Counter.create(start); Counter.isCounter(v); Counter.live()
// ---------------------------------------------------------------------------------------------
class Counter : public Napi::ObjectWrap<Counter> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Counter",
                       {
                           InstanceMethod<&Counter::Increment>("increment"),
                           InstanceMethod<&Counter::Add>("add"),
                           InstanceMethod<&Counter::AddTo>("addTo"),
                           InstanceAccessor<&Counter::GetValue, &Counter::SetValue>("value"),
                           InstanceAccessor<&Counter::GetStep>("step"),
                           StaticMethod<&Counter::Create>("create"),
                           StaticMethod<&Counter::IsCounter>("isCounter"),
                           StaticMethod<&Counter::Live>("live"),
                       });
  }

  Counter(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Counter>(info) {
    Napi::Env env = info.Env();
    if (info.Length() > 0 && !info[0].IsUndefined()) {
      if (!info[0].IsNumber()) THROW_VOID(Napi::TypeError::New(env, "start must be a number"));
      value_ = info[0].As<Napi::Number>().DoubleValue();
    }
    if (info.Length() > 1 && !info[1].IsUndefined()) {
      if (!info[1].IsNumber()) THROW_VOID(Napi::TypeError::New(env, "step must be a number"));
      step_ = info[1].As<Napi::Number>().DoubleValue();
      if (step_ == 0) THROW_VOID(Napi::RangeError::New(env, "step must not be 0"));
    }
    liveCounters++;
    counted_ = true;
  }

  ~Counter() override {
    if (counted_) liveCounters--;
  }

  static bool Is(Napi::Env env, Napi::Value v) {
    if (!v.IsObject()) return false;
    Napi::Function ctor = env.GetInstanceData<AddonData>()->counter.Value();
    bool is = v.As<Napi::Object>().InstanceOf(ctor);
    // InstanceOf fails (throws/pending) only if instanceof itself throws, e.g. a Proxy trap.
    return !env.IsExceptionPending() && is;
  }

 private:
  Napi::Value Increment(const Napi::CallbackInfo& info) {
    value_ += step_;
    return Napi::Number::New(info.Env(), value_);
  }

  Napi::Value Add(const Napi::CallbackInfo& info) {
    if (info.Length() < 1 || !info[0].IsNumber()) THROW(Napi::TypeError::New(info.Env(), "add() expects a number"));
    value_ += info[0].As<Napi::Number>().DoubleValue();
    return info.This();  // chainable
  }

  Napi::Value AddTo(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !Is(env, info[0])) THROW(Napi::TypeError::New(env, "addTo() expects a Counter"));
    // An object that inherits from Counter.prototype passes instanceof but wraps nothing: Unwrap
    // throws (or, without C++ exceptions, leaves the error pending and returns nullptr).
    Counter* other = Unwrap(info[0].As<Napi::Object>());
    if (other == nullptr) return Napi::Value();
    other->value_ += value_;
    return Napi::Number::New(env, other->value_);
  }

  Napi::Value GetValue(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), value_); }

  void SetValue(const Napi::CallbackInfo& info, const Napi::Value& v) {
    if (!v.IsNumber()) THROW_VOID(Napi::TypeError::New(info.Env(), "value must be a number"));
    value_ = v.As<Napi::Number>().DoubleValue();
  }

  Napi::Value GetStep(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), step_); }

  static Napi::Value Create(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Value start = info.Length() > 0 ? info[0] : env.Undefined();
    return env.GetInstanceData<AddonData>()->counter.New({start});
  }

  static Napi::Value IsCounter(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), info.Length() > 0 && Is(info.Env(), info[0]));
  }

  static Napi::Value Live(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), liveCounters); }

  double value_ = 0;
  double step_ = 1;
  bool counted_ = false;
};

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

Napi::Value CppExceptions(const Napi::CallbackInfo& info) {
#ifdef NAPI_CPP_EXCEPTIONS
  return Napi::Boolean::New(info.Env(), true);
#else
  return Napi::Boolean::New(info.Env(), false);
#endif
}

/** throwError(kind, message): kind "error" | "type" | "range" | "code" (an Error with .code). */
Napi::Value ThrowError(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string kind = info[0].As<Napi::String>().Utf8Value();
  std::string message = info[1].As<Napi::String>().Utf8Value();
  if (kind == "type") THROW(Napi::TypeError::New(env, message));
  if (kind == "range") THROW(Napi::RangeError::New(env, message));
  Napi::Error error = Napi::Error::New(env, message);
  if (kind == "code") error.Set("code", Napi::String::New(env, "E_CPP_ADDON"));
  THROW(error);
}

void ReportCaught(Napi::Object out, const Napi::Error& e) {
  // Error::Value() gives back what was thrown, also a primitive (node-addon-api boxes those).
  out.Set("caught", e.Value());
  // Message() reads `message` as a string: without C++ exceptions, on a value without one (a
  // thrown primitive or plain object) it leaves a "A string was expected" exception pending.
  Napi::Value thrown = e.Value();
  if (thrown.IsObject() && thrown.As<Napi::Object>().Get("message").IsString()) {
    out.Set("message", Napi::String::New(out.Env(), e.Message()));
  }
}

/** catchFromCallback(fn): calls fn(); returns { caught: the thrown value, message? } or { value }. */
Napi::Value CatchFromCallback(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Function fn = info[0].As<Napi::Function>();
  Napi::Object out = Napi::Object::New(env);
#ifdef NAPI_CPP_EXCEPTIONS
  try {
    out.Set("value", fn.Call({}));
  } catch (const Napi::Error& e) {
    ReportCaught(out, e);
  }
#else
  Napi::Value result = fn.Call({});
  if (env.IsExceptionPending()) {
    ReportCaught(out, env.GetAndClearPendingException());
  } else {
    out.Set("value", result);
  }
#endif
  return out;
}

/** propagate(fn, ...args): returns fn(...args); whatever fn throws goes through C++ to the caller. */
Napi::Value Propagate(const Napi::CallbackInfo& info) {
  Napi::Function fn = info[0].As<Napi::Function>();
  std::vector<napi_value> args;
  for (size_t i = 1; i < info.Length(); i++) args.push_back(info[i]);
  Napi::Value result = fn.Call(args);
  // Without C++ exceptions a failed call returns an empty value and leaves the exception pending:
  // returning (anything) from the callback rethrows it in JS.
  return result;
}

/** getProperty(obj, key): obj[key]; a throwing getter's exception reaches JS. */
Napi::Value GetProperty(const Napi::CallbackInfo& info) {
  Napi::Object obj = info[0].As<Napi::Object>();
  Napi::Value v = obj.Get(info[1]);
#ifndef NAPI_CPP_EXCEPTIONS
  if (info.Env().IsExceptionPending()) return Napi::Value();
#endif
  return Napi::String::New(info.Env(), "got " + v.ToString().Utf8Value());
}

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

/** callWith(fn, thisArg, args[]): fn.apply(thisArg, args). */
Napi::Value CallWith(const Napi::CallbackInfo& info) {
  Napi::Function fn = info[0].As<Napi::Function>();
  Napi::Array list = info[2].As<Napi::Array>();
  std::vector<napi_value> args;
  for (uint32_t i = 0; i < list.Length(); i++) args.push_back(list.Get(i));
  return fn.Call(info[1], args);
}

/** map(array, fn): [fn(v, i) for each element]. */
Napi::Value Map(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array in = info[0].As<Napi::Array>();
  Napi::Function fn = info[1].As<Napi::Function>();
  Napi::Array out = Napi::Array::New(env, in.Length());
  for (uint32_t i = 0; i < in.Length(); i++) {
    Napi::Value r = fn.Call({in.Get(i), Napi::Number::New(env, i)});
#ifndef NAPI_CPP_EXCEPTIONS
    if (env.IsExceptionPending()) return Napi::Value();
#endif
    out.Set(i, r);
  }
  return out;
}

/** makeAdder(n): a new native function `adder(x) = x + n` (a C++ lambda with a capture). */
Napi::Value MakeAdder(const Napi::CallbackInfo& info) {
  double n = info[0].As<Napi::Number>().DoubleValue();
  return Napi::Function::New(
      info.Env(),
      [n](const Napi::CallbackInfo& info) -> Napi::Value {
        return Napi::Number::New(info.Env(), info[0].As<Napi::Number>().DoubleValue() + n);
      },
      "adder");
}

// ---------------------------------------------------------------------------------------------
// Strings and objects
// ---------------------------------------------------------------------------------------------

Napi::Value Greet(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) THROW(Napi::TypeError::New(info.Env(), "greet() expects a string"));
  std::u16string name = info[0].As<Napi::String>().Utf16Value();
  return Napi::String::New(info.Env(), u"hello, " + name + u"!");
}

Napi::Value Describe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("int", 42);
  o.Set("text", "node-addon-api");
  o.Set("flag", true);
  Napi::Array list = Napi::Array::New(env, 3);
  for (uint32_t i = 0; i < 3; i++) list.Set(i, Napi::Number::New(env, i * 1.5));
  o.Set("list", list);
  o.Set("nothing", env.Null());
  return o;
}

// ---------------------------------------------------------------------------------------------
// Typed arrays and Buffers: written in place through their data pointers.
// ---------------------------------------------------------------------------------------------

/** fillBytes(u8, start): u8[i] = start + i (mod 256); returns the length. */
Napi::Value FillBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    THROW(Napi::TypeError::New(env, "fillBytes() expects a Uint8Array"));
  }
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  uint32_t start = info[1].As<Napi::Number>().Uint32Value();
  uint8_t* data = bytes.Data();
  for (size_t i = 0; i < bytes.ElementLength(); i++) data[i] = static_cast<uint8_t>(start + i);
  return Napi::Number::New(env, static_cast<double>(bytes.ElementLength()));
}

/** scale(f64, k): multiplies every element by k in place; returns the new sum. */
Napi::Value Scale(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    THROW(Napi::TypeError::New(env, "scale() expects a Float64Array"));
  }
  Napi::Float64Array values = info[0].As<Napi::Float64Array>();
  double k = info[1].As<Napi::Number>().DoubleValue();
  double sum = 0;
  for (size_t i = 0; i < values.ElementLength(); i++) sum += (values[i] *= k);
  return Napi::Number::New(env, sum);
}

/** halves(n): a new Float64Array [0, 0.5, 1, ...]. */
Napi::Value Halves(const Napi::CallbackInfo& info) {
  size_t n = info[0].As<Napi::Number>().Uint32Value();
  Napi::Float64Array out = Napi::Float64Array::New(info.Env(), n);
  for (size_t i = 0; i < n; i++) out[i] = static_cast<double>(i) / 2;
  return out;
}

/** bufferFrom(string): a Buffer with a copy of the string's UTF-8 bytes. */
Napi::Value BufferFrom(const Napi::CallbackInfo& info) {
  std::string s = info[0].As<Napi::String>().Utf8Value();
  return Napi::Buffer<uint8_t>::Copy(info.Env(), reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

/** newBuffer(n): Buffer [0, 1, 2, ...] filled through Data(). */
Napi::Value NewBuffer(const Napi::CallbackInfo& info) {
  size_t n = info[0].As<Napi::Number>().Uint32Value();
  Napi::Buffer<uint8_t> b = Napi::Buffer<uint8_t>::New(info.Env(), n);
  for (size_t i = 0; i < n; i++) b.Data()[i] = static_cast<uint8_t>(i);
  return b;
}

/** reverseBuffer(buf): reverses the bytes in place; returns { same buffer, sum of bytes }. */
Napi::Value ReverseBuffer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsBuffer()) THROW(Napi::TypeError::New(env, "reverseBuffer() expects a Buffer"));
  Napi::Buffer<uint8_t> b = info[0].As<Napi::Buffer<uint8_t>>();
  uint8_t* d = b.Data();
  size_t n = b.Length();
  uint32_t sum = 0;
  for (size_t i = 0; i < n / 2; i++) {
    uint8_t t = d[i];
    d[i] = d[n - 1 - i];
    d[n - 1 - i] = t;
  }
  for (size_t i = 0; i < n; i++) sum += d[i];
  Napi::Object out = Napi::Object::New(env);
  out.Set("buffer", b);
  out.Set("sum", sum);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Promises
// ---------------------------------------------------------------------------------------------

/** settle(ok, value): a promise resolved with value, or rejected with Error(value). */
Napi::Value Settle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto deferred = Napi::Promise::Deferred::New(env);
  if (info[0].ToBoolean()) {
    deferred.Resolve(info[1]);
  } else {
    deferred.Reject(Napi::Error::New(env, info[1].ToString()).Value());
  }
  return deferred.Promise();
}

// ---------------------------------------------------------------------------------------------
// Napi::AsyncWorker: Execute() off the JS thread (natively) or between JS turns (wasm).
// ---------------------------------------------------------------------------------------------

std::vector<double> NumbersOf(Napi::Array list) {
  std::vector<double> out;
  for (uint32_t i = 0; i < list.Length(); i++) out.push_back(list.Get(i).As<Napi::Number>().DoubleValue());
  return out;
}

/** Sums numbers; a negative one is an error. Execute must not touch JS: it works on a copy. */
class SumWorker : public Napi::AsyncWorker {
 public:
  SumWorker(Napi::Function callback, std::vector<double> numbers)
      : Napi::AsyncWorker(callback, "cpp_addon:sum"), numbers_(std::move(numbers)) {}

 protected:
  void Execute() override {
    for (double v : numbers_) {
      if (v < 0) {
        SetError("negative value: " + std::to_string(static_cast<int>(v)));
        return;
      }
      sum_ += v;
    }
  }
  // Node's convention: callback(null, result); the default OnError calls callback(error).
  void OnOK() override { Callback().Call({Env().Null(), Napi::Number::New(Env(), sum_)}); }

 private:
  std::vector<double> numbers_;
  double sum_ = 0;
};

/** sumAsync(numbers, callback): returns undefined; later callback(null, sum) or callback(error). */
Napi::Value SumAsync(const Napi::CallbackInfo& info) {
  auto* worker = new SumWorker(info[1].As<Napi::Function>(), NumbersOf(info[0].As<Napi::Array>()));
  worker->Queue();  // deletes itself after OnOK/OnError
  return info.Env().Undefined();
}

class SumPromiseWorker : public Napi::AsyncWorker {
 public:
  SumPromiseWorker(Napi::Env env, std::vector<double> numbers)
      : Napi::AsyncWorker(env, "cpp_addon:sumPromise"), deferred_(Napi::Promise::Deferred::New(env)), numbers_(std::move(numbers)) {}
  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    for (double v : numbers_) {
      if (v < 0) return SetError("negative value: " + std::to_string(static_cast<int>(v)));
      sum_ += v;
    }
  }
  void OnOK() override { deferred_.Resolve(Napi::Number::New(Env(), sum_)); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::vector<double> numbers_;
  double sum_ = 0;
};

/** sumPromise(numbers): a promise of the sum, rejected for a negative number. */
Napi::Value SumPromise(const Napi::CallbackInfo& info) {
  auto* worker = new SumPromiseWorker(info.Env(), NumbersOf(info[0].As<Napi::Array>()));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

// ---------------------------------------------------------------------------------------------
// Napi::ThreadSafeFunction: calls queued from the JS thread itself (a wasm module has no other),
// run later on the JS thread; the finalizer runs once released and drained.
// ---------------------------------------------------------------------------------------------

/** tsfnCalls(fn, numbers): calls fn(n) for each number through a threadsafe function; returns a
 * promise resolved (by the finalizer) with the number of calls queued. */
Napi::Value TsfnCalls(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<double> numbers = NumbersOf(info[1].As<Napi::Array>());
  auto deferred = Napi::Promise::Deferred::New(env);
  size_t count = numbers.size();
  Napi::ThreadSafeFunction tsfn = Napi::ThreadSafeFunction::New(
      env, info[0].As<Napi::Function>(), "cpp_addon:tsfn", 0 /* unlimited queue */, 1 /* thread */,
      [deferred, count](Napi::Env env) { deferred.Resolve(Napi::Number::New(env, static_cast<double>(count))); });
  for (double n : numbers) {
    napi_status status = tsfn.NonBlockingCall(new double(n), [](Napi::Env env, Napi::Function fn, double* value) {
      double v = *value;
      delete value;
      fn.Call({Napi::Number::New(env, v)});
    });
    if (status != napi_ok) THROW(Napi::Error::New(env, "NonBlockingCall failed"));
  }
  tsfn.Release();
  return deferred.Promise();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  Napi::Function counter = Counter::Define(env);
  auto* data = new AddonData();
  data->counter = Napi::Persistent(counter);
  env.SetInstanceData(data);

  exports.Set("Counter", counter);
  exports.Set("cppExceptions", Napi::Function::New<CppExceptions>(env, "cppExceptions"));
  exports.Set("throwError", Napi::Function::New<ThrowError>(env, "throwError"));
  exports.Set("catchFromCallback", Napi::Function::New<CatchFromCallback>(env, "catchFromCallback"));
  exports.Set("propagate", Napi::Function::New<Propagate>(env, "propagate"));
  exports.Set("getProperty", Napi::Function::New<GetProperty>(env, "getProperty"));
  exports.Set("callWith", Napi::Function::New<CallWith>(env, "callWith"));
  exports.Set("map", Napi::Function::New<Map>(env, "map"));
  exports.Set("makeAdder", Napi::Function::New<MakeAdder>(env, "makeAdder"));
  exports.Set("greet", Napi::Function::New<Greet>(env, "greet"));
  exports.Set("describe", Napi::Function::New<Describe>(env, "describe"));
  exports.Set("fillBytes", Napi::Function::New<FillBytes>(env, "fillBytes"));
  exports.Set("scale", Napi::Function::New<Scale>(env, "scale"));
  exports.Set("halves", Napi::Function::New<Halves>(env, "halves"));
  exports.Set("bufferFrom", Napi::Function::New<BufferFrom>(env, "bufferFrom"));
  exports.Set("newBuffer", Napi::Function::New<NewBuffer>(env, "newBuffer"));
  exports.Set("reverseBuffer", Napi::Function::New<ReverseBuffer>(env, "reverseBuffer"));
  exports.Set("settle", Napi::Function::New<Settle>(env, "settle"));
  exports.Set("sumAsync", Napi::Function::New<SumAsync>(env, "sumAsync"));
  exports.Set("sumPromise", Napi::Function::New<SumPromise>(env, "sumPromise"));
  exports.Set("tsfnCalls", Napi::Function::New<TsfnCalls>(env, "tsfnCalls"));
  return exports;
}

}  // namespace

NODE_API_MODULE(NODE_GYP_MODULE_NAME, Init)
