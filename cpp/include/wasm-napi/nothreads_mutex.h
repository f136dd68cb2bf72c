// std::mutex, std::recursive_mutex, std::lock_guard, std::unique_lock and std::scoped_lock (of
// zero or one mutex) for a C++ standard library built without threads.
//
// `wasm-napi build` force-includes this header (`-include`) into every C++ source on the
// wasm32-wasi route. Debian's libc++ for wasm32-wasi is built with _LIBCPP_HAS_NO_THREADS, so its
// <mutex> has none of these, yet node-addon-api's napi.h uses them (ThreadSafeFunction,
// AsyncProgressWorker) once NAPI_HAS_THREADS is set. A module built on this route has exactly one
// thread, so a lock can never be contended: a mutex that does nothing is correct there.
//
// With a standard library that has threads (libc++ with threads, Emscripten's, libstdc++) this
// header defines nothing, and the library's own <mutex> is used.
#ifndef WASM_NAPI_NOTHREADS_MUTEX_H
#define WASM_NAPI_NOTHREADS_MUTEX_H

#ifdef __cplusplus
#include <version>  // the lightest header that brings libc++'s <__config> (_LIBCPP_* macros)

#if defined(_LIBCPP_VERSION) && \
    (defined(_LIBCPP_HAS_NO_THREADS) || (defined(_LIBCPP_HAS_THREADS) && !_LIBCPP_HAS_THREADS))
#define WASM_NAPI_NOTHREADS_MUTEX 1

_LIBCPP_BEGIN_NAMESPACE_STD

// Single-threaded: locking never waits and always succeeds.
class mutex {
 public:
  constexpr mutex() noexcept = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;
  void lock() noexcept {}
  bool try_lock() noexcept { return true; }
  void unlock() noexcept {}
};

class recursive_mutex {
 public:
  constexpr recursive_mutex() noexcept = default;
  recursive_mutex(const recursive_mutex&) = delete;
  recursive_mutex& operator=(const recursive_mutex&) = delete;
  void lock() noexcept {}
  bool try_lock() noexcept { return true; }
  void unlock() noexcept {}
};

struct defer_lock_t { explicit defer_lock_t() = default; };
struct try_to_lock_t { explicit try_to_lock_t() = default; };
struct adopt_lock_t { explicit adopt_lock_t() = default; };
#if __cplusplus >= 201703L
inline constexpr defer_lock_t defer_lock{};
inline constexpr try_to_lock_t try_to_lock{};
inline constexpr adopt_lock_t adopt_lock{};
#else
constexpr defer_lock_t defer_lock{};
constexpr try_to_lock_t try_to_lock{};
constexpr adopt_lock_t adopt_lock{};
#endif

template <class Mutex>
class lock_guard {
 public:
  using mutex_type = Mutex;
  explicit lock_guard(mutex_type& m) : m_(m) { m_.lock(); }
  lock_guard(mutex_type& m, adopt_lock_t) : m_(m) {}
  ~lock_guard() { m_.unlock(); }
  lock_guard(const lock_guard&) = delete;
  lock_guard& operator=(const lock_guard&) = delete;

 private:
  mutex_type& m_;
};

template <class Mutex>
class unique_lock {
 public:
  using mutex_type = Mutex;
  unique_lock() noexcept = default;
  explicit unique_lock(mutex_type& m) : m_(&m), owns_(true) { m.lock(); }
  unique_lock(mutex_type& m, defer_lock_t) noexcept : m_(&m) {}
  unique_lock(mutex_type& m, try_to_lock_t) : m_(&m), owns_(m.try_lock()) {}
  unique_lock(mutex_type& m, adopt_lock_t) : m_(&m), owns_(true) {}
  ~unique_lock() {
    if (owns_) m_->unlock();
  }
  unique_lock(const unique_lock&) = delete;
  unique_lock& operator=(const unique_lock&) = delete;
  unique_lock(unique_lock&& u) noexcept : m_(u.m_), owns_(u.owns_) {
    u.m_ = nullptr;
    u.owns_ = false;
  }
  unique_lock& operator=(unique_lock&& u) noexcept {
    if (owns_) m_->unlock();
    m_ = u.m_;
    owns_ = u.owns_;
    u.m_ = nullptr;
    u.owns_ = false;
    return *this;
  }
  void lock() {
    m_->lock();
    owns_ = true;
  }
  bool try_lock() { return owns_ = m_->try_lock(); }
  void unlock() {
    m_->unlock();
    owns_ = false;
  }
  void swap(unique_lock& u) noexcept {
    mutex_type* m = m_;
    bool owns = owns_;
    m_ = u.m_;
    owns_ = u.owns_;
    u.m_ = m;
    u.owns_ = owns;
  }
  mutex_type* release() noexcept {
    mutex_type* m = m_;
    m_ = nullptr;
    owns_ = false;
    return m;
  }
  bool owns_lock() const noexcept { return owns_; }
  explicit operator bool() const noexcept { return owns_; }
  mutex_type* mutex() const noexcept { return m_; }

 private:
  mutex_type* m_ = nullptr;
  bool owns_ = false;
};

template <class Mutex>
void swap(unique_lock<Mutex>& a, unique_lock<Mutex>& b) noexcept {
  a.swap(b);
}

#if _LIBCPP_STD_VER > 14
// The common forms only: no mutex or one. (With two or more the template is left undefined, so a
// use fails to compile instead of misbehaving.)
template <class... Mutexes>
class scoped_lock;

template <>
class scoped_lock<> {
 public:
  explicit scoped_lock() {}
  explicit scoped_lock(adopt_lock_t) {}
  scoped_lock(const scoped_lock&) = delete;
  scoped_lock& operator=(const scoped_lock&) = delete;
};

template <class Mutex>
class scoped_lock<Mutex> {
 public:
  using mutex_type = Mutex;
  explicit scoped_lock(mutex_type& m) : m_(m) { m_.lock(); }
  explicit scoped_lock(adopt_lock_t, mutex_type& m) : m_(m) {}
  ~scoped_lock() { m_.unlock(); }
  scoped_lock(const scoped_lock&) = delete;
  scoped_lock& operator=(const scoped_lock&) = delete;

 private:
  mutex_type& m_;
};

template <class... Mutexes>
scoped_lock(Mutexes&...) -> scoped_lock<Mutexes...>;
template <class... Mutexes>
scoped_lock(adopt_lock_t, Mutexes&...) -> scoped_lock<Mutexes...>;
#endif

_LIBCPP_END_NAMESPACE_STD

#endif  // libc++ without threads
#endif  // __cplusplus
#endif  // WASM_NAPI_NOTHREADS_MUTEX_H
