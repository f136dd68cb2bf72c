// A small node-addon-api binding of Box2D 2.4.1: one class, World, that owns a b2World and hands
// out bodies and joints by integer id. The same source builds natively (node-gyp) and to wasm
// (wasm-napi build, both routes); see wasm/box2d/build.mjs.
//
// Errors are thrown with ThrowAsJavaScriptException() and an early return, never with C++ `throw`:
// the wasm32-wasi route has no C++ exceptions, and this way every build runs the same code paths.
// Every argument is checked before Box2D sees it, because Box2D answers bad input with b2Assert
// (a crash in a debug build) or with silent garbage (a degenerate polygon becomes a 2x2 box).
#include <napi.h>

#include <box2d/box2d.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace {

const char* TypeName(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_string: return "a string";
    case napi_symbol: return "a symbol";
    case napi_object: return v.IsArray() ? "an array" : "an object";
    case napi_function: return "a function";
    case napi_external: return "an external";
    case napi_bigint: return "a bigint";
  }
  return "an unknown value";
}

std::string NumberText(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", d);
  return text;
}

// Reads and checks the arguments of one method call. The first failure throws a JS exception
// naming the method and the argument; later reads then return their fallback without throwing
// again, so a method reads everything and checks ok() once per group.
class Args {
 public:
  Args(const Napi::CallbackInfo& info, const char* method) : info_(info), method_(method) {}

  bool ok() const { return ok_; }
  Napi::Env Env() const { return info_.Env(); }
  Napi::Value operator[](size_t i) const { return info_[i]; }

  void TypeError(const std::string& m) {
    if (Begin()) Napi::TypeError::New(Env(), Message(m)).ThrowAsJavaScriptException();
  }
  void RangeError(const std::string& m) {
    if (Begin()) Napi::RangeError::New(Env(), Message(m)).ThrowAsJavaScriptException();
  }
  void Error(const std::string& m) {
    if (Begin()) Napi::Error::New(Env(), Message(m)).ThrowAsJavaScriptException();
  }

  // After reading a property: a getter (or a Proxy trap) may have thrown. That exception is the
  // call's answer, so the call stops as after a failed check.
  bool Threw() {
    if (ok_ && Env().IsExceptionPending()) ok_ = false;
    return !ok_;
  }

  // A finite number. `v` is the value itself so that option fields share the checks.
  double Finite(const Napi::Value& v, const std::string& name) {
    if (!ok_) return 0;
    if (!v.IsNumber()) {
      TypeError(name + " must be a number (got " + TypeName(v) + ")");
      return 0;
    }
    double d = v.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(d)) {
      RangeError(name + " must be finite (got " + NumberText(d) + ")");
      return 0;
    }
    return d;
  }
  double Number(size_t i, const std::string& name) { return Finite(info_[i], name); }
  double Number(size_t i, const std::string& name, double fallback) {
    return info_[i].IsUndefined() ? fallback : Finite(info_[i], name);
  }
  double Positive(size_t i, const std::string& name) {
    double d = Number(i, name);
    if (ok_ && !(d > 0)) RangeError(name + " must be greater than 0 (got " + NumberText(d) + ")");
    return d;
  }
  // An integer in [min, max]; `undefined` gives the fallback.
  int32_t Int(size_t i, const std::string& name, int32_t fallback, int32_t min, int32_t max) {
    if (info_[i].IsUndefined()) return fallback;
    double d = Finite(info_[i], name);
    if (!ok_) return fallback;
    if (d != std::floor(d) || d < min || d > max) {
      RangeError(name + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                 " (got " + NumberText(d) + ")");
      return fallback;
    }
    return static_cast<int32_t>(d);
  }

 private:
  // True for the first failure only: one exception per call.
  bool Begin() {
    bool first = ok_;
    ok_ = false;
    return first;
  }
  std::string Message(const std::string& m) const { return std::string(method_) + ": " + m; }

  const Napi::CallbackInfo& info_;
  const char* method_;
  bool ok_ = true;
};

// The options every create* method takes: { dynamic, density, friction, restitution, angle }.
struct BodyOptions {
  bool dynamic = true;
  float density = 1.0f;
  float friction = 0.3f;
  float restitution = 0.0f;
  float angle = 0.0f;
};

BodyOptions ReadOptions(Args& args, size_t i) {
  BodyOptions o;
  Napi::Value v = args[i];
  if (!args.ok() || v.IsUndefined() || v.IsNull()) return o;
  if (!v.IsObject() || v.IsArray() || v.IsFunction()) {
    args.TypeError("options must be an object (got " + std::string(TypeName(v)) + ")");
    return o;
  }
  Napi::Object opts = v.As<Napi::Object>();
  Napi::Value dynamic = opts.Get("dynamic");
  if (args.Threw()) return o;
  if (!dynamic.IsUndefined()) {
    if (!dynamic.IsBoolean()) {
      args.TypeError("options.dynamic must be a boolean (got " + std::string(TypeName(dynamic)) + ")");
      return o;
    }
    o.dynamic = dynamic.As<Napi::Boolean>().Value();
  }
  // Density, friction and restitution are physical quantities Box2D expects non-negative.
  struct Field { const char* name; float* out; bool nonNegative; };
  const Field fields[] = {
      {"density", &o.density, true},
      {"friction", &o.friction, true},
      {"restitution", &o.restitution, true},
      {"angle", &o.angle, false},
  };
  for (const Field& f : fields) {
    Napi::Value fv = opts.Get(f.name);
    if (args.Threw()) return o;
    if (fv.IsUndefined()) continue;
    std::string name = std::string("options.") + f.name;
    double d = args.Finite(fv, name);
    if (!args.ok()) return o;
    if (f.nonNegative && d < 0) {
      args.RangeError(name + " must not be negative (got " + NumberText(d) + ")");
      return o;
    }
    *f.out = static_cast<float>(d);
  }
  return o;
}

// The vertices of createPolygon: a flat x0,y0,x1,y1,... list as an Array of numbers, a
// Float32Array or a Float64Array.
std::vector<b2Vec2> ReadVertices(Args& args, size_t i) {
  std::vector<b2Vec2> out;
  Napi::Value v = args[i];
  if (!args.ok()) return out;
  bool isArray = v.IsArray();
  napi_typedarray_type type = v.IsTypedArray() ? v.As<Napi::TypedArray>().TypedArrayType() : napi_int8_array;
  if (!isArray && !(v.IsTypedArray() && (type == napi_float32_array || type == napi_float64_array))) {
    args.TypeError("vertices must be an array of numbers or a Float32Array (got " +
                   std::string(v.IsTypedArray() ? "another typed array" : TypeName(v)) + ")");
    return out;
  }
  size_t length = isArray ? v.As<Napi::Array>().Length() : v.As<Napi::TypedArray>().ElementLength();
  if (length % 2 != 0) {
    args.RangeError("vertices must hold x, y pairs (got " + std::to_string(length) + " numbers)");
    return out;
  }
  size_t count = length / 2;
  if (count < 3 || count > static_cast<size_t>(b2_maxPolygonVertices)) {
    args.RangeError("a polygon needs 3 to " + std::to_string(b2_maxPolygonVertices) + " vertices (got " +
                    std::to_string(count) + ")");
    return out;
  }
  std::vector<double> flat(length);
  if (isArray) {
    Napi::Array a = v.As<Napi::Array>();
    for (size_t k = 0; k < length && args.ok(); ++k) {
      Napi::Value e = a.Get(static_cast<uint32_t>(k));
      if (!args.Threw()) flat[k] = args.Finite(e, "vertices[" + std::to_string(k) + "]");
    }
  } else if (type == napi_float32_array) {
    Napi::Float32Array a = v.As<Napi::Float32Array>();
    flat.assign(a.Data(), a.Data() + length);
  } else {
    Napi::Float64Array a = v.As<Napi::Float64Array>();
    flat.assign(a.Data(), a.Data() + length);
  }
  for (size_t k = 0; k < length && args.ok(); ++k) {
    if (!std::isfinite(flat[k])) args.RangeError("vertices[" + std::to_string(k) + "] must be finite (got " + NumberText(flat[k]) + ")");
  }
  if (!args.ok()) return out;
  for (size_t k = 0; k < count; ++k) out.emplace_back(static_cast<float>(flat[2 * k]), static_cast<float>(flat[2 * k + 1]));

  // b2PolygonShape::Set welds vertices closer than half b2_linearSlop and wraps the rest in a convex
  // hull; a hull without area trips a b2Assert (or becomes a 2x2 box when asserts are off). Refuse
  // such input here: the area of the convex hull of the welded points (Andrew's monotone chain).
  std::vector<b2Vec2> pts;
  const float weld = 0.5f * b2_linearSlop;
  for (const b2Vec2& p : out) {
    bool unique = true;
    for (const b2Vec2& q : pts) unique = unique && b2DistanceSquared(p, q) >= weld * weld;
    if (unique) pts.push_back(p);
  }
  double area = 0;
  if (pts.size() >= 3) {
    std::vector<b2Vec2> sorted = pts;
    for (size_t a = 1; a < sorted.size(); ++a)  // insertion sort by (x, y): at most 8 points
      for (size_t b = a; b > 0 && (sorted[b].x < sorted[b - 1].x ||
                                   (sorted[b].x == sorted[b - 1].x && sorted[b].y < sorted[b - 1].y)); --b)
        std::swap(sorted[b], sorted[b - 1]);
    auto cross = [](const b2Vec2& o, const b2Vec2& a, const b2Vec2& b) {
      return (double(a.x) - o.x) * (double(b.y) - o.y) - (double(a.y) - o.y) * (double(b.x) - o.x);
    };
    std::vector<b2Vec2> hull(2 * sorted.size());
    size_t h = 0;
    for (size_t k = 0; k < sorted.size(); ++k) {  // lower hull
      while (h >= 2 && cross(hull[h - 2], hull[h - 1], sorted[k]) <= 0) --h;
      hull[h++] = sorted[k];
    }
    for (size_t k = sorted.size() - 1, lower = h + 1; k-- > 0;) {  // upper hull
      while (h >= lower && cross(hull[h - 2], hull[h - 1], sorted[k]) <= 0) --h;
      hull[h++] = sorted[k];
    }
    --h;  // the first point is repeated at the end
    for (size_t k = 0; k < h; ++k) {
      const b2Vec2& p = hull[k];
      const b2Vec2& q = hull[(k + 1) % h];
      area += 0.5 * (double(p.x) * q.y - double(q.x) * p.y);
    }
  }
  const double minArea = double(b2_linearSlop) * b2_linearSlop;
  if (pts.size() < 3 || area < minArea) {
    args.RangeError("the vertices do not enclose an area (they are collinear or coincide)");
    out.clear();
  }
  return out;
}

}  // namespace

class World : public Napi::ObjectWrap<World> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "World",
                       {
                           InstanceMethod<&World::CreateBox>("createBox"),
                           InstanceMethod<&World::CreateCircle>("createCircle"),
                           InstanceMethod<&World::CreatePolygon>("createPolygon"),
                           InstanceMethod<&World::CreateRevoluteJoint>("createRevoluteJoint"),
                           InstanceMethod<&World::CreateDistanceJoint>("createDistanceJoint"),
                           InstanceMethod<&World::Step>("step"),
                           InstanceAccessor<&World::BodyCount>("bodyCount"),
                           InstanceMethod<&World::ReadPositions>("readPositions"),
                           InstanceMethod<&World::GetPosition>("getPosition"),
                           InstanceMethod<&World::ApplyImpulse>("applyImpulse"),
                           InstanceMethod<&World::SetLinearVelocity>("setLinearVelocity"),
                           InstanceMethod<&World::DestroyBody>("destroyBody"),
                           InstanceMethod<&World::Destroy>("destroy"),
                       });
  }

  // new World(gravityX = 0, gravityY = -10)
  explicit World(const Napi::CallbackInfo& info) : Napi::ObjectWrap<World>(info) {
    Args args(info, "new World");
    float gx = static_cast<float>(args.Number(0, "gravityX", 0.0));
    float gy = static_cast<float>(args.Number(1, "gravityY", -10.0));
    if (!args.ok()) return;
    // On the heap: a b2World is ~100 KB (its stack allocator is inline), too big for a wasm stack.
    world_ = std::make_unique<b2World>(b2Vec2(gx, gy));
  }

 private:
  // Every method starts here: a destroyed world answers with an Error, not a null dereference.
  bool Alive(Args& args) {
    if (!world_) args.Error("this World was destroyed (world.destroy() was called)");
    return args.ok();
  }

  // A body id argument: an integer that this world handed out and that is not destroyed.
  b2Body* BodyArg(Args& args, size_t i, const std::string& name) {
    Napi::Value v = args[i];
    if (!args.ok()) return nullptr;
    if (!v.IsNumber()) {
      args.TypeError(name + " must be a body id, an integer (got " + TypeName(v) + ")");
      return nullptr;
    }
    double d = v.As<Napi::Number>().DoubleValue();
    if (!(d >= 0 && d < static_cast<double>(bodies_.size()) && d == std::floor(d))) {
      std::string known = bodies_.empty() ? "this world has no bodies"
                                          : "ids are 0 to " + std::to_string(bodies_.size() - 1);
      args.RangeError("unknown body id " + NumberText(d) + " (" + known + ")");
      return nullptr;
    }
    b2Body* body = bodies_[static_cast<size_t>(d)];
    if (!body) args.Error("body " + NumberText(d) + " was destroyed");
    return body;
  }

  Napi::Value AddBody(Args& args, float x, float y, const BodyOptions& o, const b2Shape& shape) {
    b2BodyDef bd;
    bd.type = o.dynamic ? b2_dynamicBody : b2_staticBody;
    bd.position.Set(x, y);
    bd.angle = o.angle;
    bd.userData.pointer = bodies_.size();
    b2Body* body = world_->CreateBody(&bd);
    b2FixtureDef fd;
    fd.shape = &shape;
    fd.density = o.density;
    fd.friction = o.friction;
    fd.restitution = o.restitution;
    body->CreateFixture(&fd);
    bodies_.push_back(body);
    return Napi::Number::New(args.Env(), static_cast<double>(bodies_.size() - 1));
  }

  // createBox(x, y, halfWidth, halfHeight, options?) -> id
  Napi::Value CreateBox(const Napi::CallbackInfo& info) {
    Args args(info, "World.createBox");
    if (!Alive(args)) return Napi::Value();
    float x = static_cast<float>(args.Number(0, "x"));
    float y = static_cast<float>(args.Number(1, "y"));
    float hw = static_cast<float>(args.Positive(2, "halfWidth"));
    float hh = static_cast<float>(args.Positive(3, "halfHeight"));
    BodyOptions o = ReadOptions(args, 4);
    if (!args.ok()) return Napi::Value();
    b2PolygonShape shape;
    shape.SetAsBox(hw, hh);
    return AddBody(args, x, y, o, shape);
  }

  // createCircle(x, y, radius, options?) -> id
  Napi::Value CreateCircle(const Napi::CallbackInfo& info) {
    Args args(info, "World.createCircle");
    if (!Alive(args)) return Napi::Value();
    float x = static_cast<float>(args.Number(0, "x"));
    float y = static_cast<float>(args.Number(1, "y"));
    float r = static_cast<float>(args.Positive(2, "radius"));
    BodyOptions o = ReadOptions(args, 3);
    if (!args.ok()) return Napi::Value();
    b2CircleShape shape;
    shape.m_radius = r;
    return AddBody(args, x, y, o, shape);
  }

  // createPolygon(x, y, vertices, options?) -> id; vertices in the body's frame.
  Napi::Value CreatePolygon(const Napi::CallbackInfo& info) {
    Args args(info, "World.createPolygon");
    if (!Alive(args)) return Napi::Value();
    float x = static_cast<float>(args.Number(0, "x"));
    float y = static_cast<float>(args.Number(1, "y"));
    if (!args.ok()) return Napi::Value();
    std::vector<b2Vec2> vertices = ReadVertices(args, 2);
    BodyOptions o = ReadOptions(args, 3);
    if (!args.ok()) return Napi::Value();
    b2PolygonShape shape;
    shape.Set(vertices.data(), static_cast<int32>(vertices.size()));
    return AddBody(args, x, y, o, shape);
  }

  // Two distinct live bodies, read from arguments 0 and 1.
  bool JointBodies(Args& args, b2Body*& a, b2Body*& b) {
    a = BodyArg(args, 0, "bodyA");
    b = BodyArg(args, 1, "bodyB");
    if (args.ok() && a == b) args.RangeError("bodyA and bodyB must be different bodies");
    return args.ok();
  }

  // createRevoluteJoint(bodyA, bodyB, anchorX, anchorY) -> joint id; the anchor in world coordinates.
  Napi::Value CreateRevoluteJoint(const Napi::CallbackInfo& info) {
    Args args(info, "World.createRevoluteJoint");
    if (!Alive(args)) return Napi::Value();
    b2Body* a;
    b2Body* b;
    JointBodies(args, a, b);
    float ax = static_cast<float>(args.Number(2, "anchorX"));
    float ay = static_cast<float>(args.Number(3, "anchorY"));
    if (!args.ok()) return Napi::Value();
    b2RevoluteJointDef jd;
    jd.Initialize(a, b, b2Vec2(ax, ay));
    world_->CreateJoint(&jd);
    return Napi::Number::New(args.Env(), static_cast<double>(jointCount_++));
  }

  // createDistanceJoint(bodyA, bodyB, ax, ay, bx, by) -> joint id; a rigid rod between two anchors
  // given in world coordinates, its length their current distance.
  Napi::Value CreateDistanceJoint(const Napi::CallbackInfo& info) {
    Args args(info, "World.createDistanceJoint");
    if (!Alive(args)) return Napi::Value();
    b2Body* a;
    b2Body* b;
    JointBodies(args, a, b);
    float ax = static_cast<float>(args.Number(2, "ax"));
    float ay = static_cast<float>(args.Number(3, "ay"));
    float bx = static_cast<float>(args.Number(4, "bx"));
    float by = static_cast<float>(args.Number(5, "by"));
    if (!args.ok()) return Napi::Value();
    b2DistanceJointDef jd;
    jd.Initialize(a, b, b2Vec2(ax, ay), b2Vec2(bx, by));
    world_->CreateJoint(&jd);
    return Napi::Number::New(args.Env(), static_cast<double>(jointCount_++));
  }

  // step(dt, velocityIterations = 8, positionIterations = 3)
  Napi::Value Step(const Napi::CallbackInfo& info) {
    Args args(info, "World.step");
    if (!Alive(args)) return Napi::Value();
    double dt = args.Number(0, "dt");
    if (args.ok() && dt < 0) args.RangeError("dt must not be negative (got " + NumberText(dt) + ")");
    int32_t vi = args.Int(1, "velocityIterations", 8, 1, 1000);
    int32_t pi = args.Int(2, "positionIterations", 3, 1, 1000);
    if (!args.ok()) return Napi::Value();
    world_->Step(static_cast<float>(dt), vi, pi);
    return info.Env().Undefined();
  }

  // Ids handed out so far, destroyed bodies included: the length readPositions fills (x3).
  Napi::Value BodyCount(const Napi::CallbackInfo& info) {
    Args args(info, "World.bodyCount");
    if (!Alive(args)) return Napi::Value();
    return Napi::Number::New(info.Env(), static_cast<double>(bodies_.size()));
  }

  // readPositions(out: Float32Array) -> bodies written. x, y, angle per body in id order, as many
  // bodies as fit; a destroyed body writes NaN so that later ids keep their place.
  Napi::Value ReadPositions(const Napi::CallbackInfo& info) {
    Args args(info, "World.readPositions");
    if (!Alive(args)) return Napi::Value();
    Napi::Value v = info[0];
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
      args.TypeError("out must be a Float32Array (got " + std::string(v.IsTypedArray() ? "another typed array" : TypeName(v)) + ")");
      return Napi::Value();
    }
    Napi::Float32Array out = v.As<Napi::Float32Array>();
    float* data = out.Data();
    size_t n = std::min(bodies_.size(), out.ElementLength() / 3);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (size_t i = 0; i < n; ++i) {
      const b2Body* body = bodies_[i];
      if (body) {
        const b2Vec2& p = body->GetPosition();
        data[3 * i] = p.x;
        data[3 * i + 1] = p.y;
        data[3 * i + 2] = body->GetAngle();
      } else {
        data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = nan;
      }
    }
    return Napi::Number::New(info.Env(), static_cast<double>(n));
  }

  // getPosition(id) -> { x, y, angle }
  Napi::Value GetPosition(const Napi::CallbackInfo& info) {
    Args args(info, "World.getPosition");
    if (!Alive(args)) return Napi::Value();
    b2Body* body = BodyArg(args, 0, "id");
    if (!args.ok()) return Napi::Value();
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("x", Napi::Number::New(info.Env(), body->GetPosition().x));
    o.Set("y", Napi::Number::New(info.Env(), body->GetPosition().y));
    o.Set("angle", Napi::Number::New(info.Env(), body->GetAngle()));
    return o;
  }

  // applyImpulse(id, ix, iy): a linear impulse at the centre of mass; wakes the body.
  Napi::Value ApplyImpulse(const Napi::CallbackInfo& info) {
    Args args(info, "World.applyImpulse");
    if (!Alive(args)) return Napi::Value();
    b2Body* body = BodyArg(args, 0, "id");
    float ix = static_cast<float>(args.Number(1, "ix"));
    float iy = static_cast<float>(args.Number(2, "iy"));
    if (!args.ok()) return Napi::Value();
    body->ApplyLinearImpulseToCenter(b2Vec2(ix, iy), true);
    return info.Env().Undefined();
  }

  // setLinearVelocity(id, vx, vy); Box2D ignores it for static bodies.
  Napi::Value SetLinearVelocity(const Napi::CallbackInfo& info) {
    Args args(info, "World.setLinearVelocity");
    if (!Alive(args)) return Napi::Value();
    b2Body* body = BodyArg(args, 0, "id");
    float vx = static_cast<float>(args.Number(1, "vx"));
    float vy = static_cast<float>(args.Number(2, "vy"));
    if (!args.ok()) return Napi::Value();
    body->SetLinearVelocity(b2Vec2(vx, vy));
    return info.Env().Undefined();
  }

  // destroyBody(id): the id stays taken; Box2D also destroys the joints attached to the body.
  Napi::Value DestroyBody(const Napi::CallbackInfo& info) {
    Args args(info, "World.destroyBody");
    if (!Alive(args)) return Napi::Value();
    b2Body* body = BodyArg(args, 0, "id");
    if (!args.ok()) return Napi::Value();
    bodies_[body->GetUserData().pointer] = nullptr;
    world_->DestroyBody(body);
    return info.Env().Undefined();
  }

  // destroy(): frees the b2World now rather than at garbage collection. Calling it again does
  // nothing; every other method throws afterwards.
  Napi::Value Destroy(const Napi::CallbackInfo& info) {
    world_.reset();
    bodies_.clear();
    return info.Env().Undefined();
  }

  std::unique_ptr<b2World> world_;
  // Indexed by body id; nullptr once destroyed. The bodies belong to world_.
  std::vector<b2Body*> bodies_;
  uint32_t jointCount_ = 0;
};

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("World", World::Define(env));
  return exports;
}

NODE_API_MODULE(box2d, Init)
