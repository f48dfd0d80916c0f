// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Typed access to parsed JSON that reports *where* a value is wrong ("file: images[3].id:
// expected an integer, got string") instead of nlohmann's generic type_error. Internal to
// core's readers.
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace anchorscope::jsonaccess {

using json = nlohmann::json;

struct Ctx {
    const std::string& file;
    std::string path;
    Ctx at(const std::string& key) const { return {file, path.empty() ? key : path + "." + key}; }
    Ctx at(size_t i) const { return {file, path + "[" + std::to_string(i) + "]"}; }
    [[noreturn]] void fail(const std::string& what) const
    {
        throw InputError(file, (path.empty() ? std::string() : path + ": ") + what);
    }
};

inline std::string typeName(const json& j) { return j.type_name(); }

json parseJson(const std::string& text, const std::string& file);

// nlohmann's message without its "[json.exception.type_error.302] " prefix, for users.
inline std::string describe(const json::exception& e)
{
    const std::string w = e.what();
    const size_t close = w.find("] ");
    return w.rfind("[json.exception.", 0) == 0 && close != std::string::npos ? w.substr(close + 2) : w;
}

inline const json& member(const json& obj, const char* key, const Ctx& c)
{
    if (!obj.is_object())
        c.fail(std::string("expected an object, got ") + typeName(obj));
    auto it = obj.find(key);
    if (it == obj.end())
        c.fail(std::string("missing key \"") + key + "\"");
    return *it;
}

inline const json* optionalMember(const json& obj, const char* key)
{
    if (!obj.is_object())
        return nullptr;
    auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
}

inline int64_t asInt(const json& j, const Ctx& c)
{
    if (j.is_number_integer())
        return j.get<int64_t>();
    if (j.is_number_float()) {
        const double d = j.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15)
            return int64_t(d);
        c.fail("expected an integer, got " + std::to_string(d));
    }
    c.fail(std::string("expected an integer, got ") + typeName(j));
}

inline double asNumber(const json& j, const Ctx& c)
{
    if (!j.is_number())
        c.fail(std::string("expected a number, got ") + typeName(j));
    const double d = j.get<double>();
    if (!std::isfinite(d))
        c.fail("expected a finite number");
    return d;
}

inline std::string asString(const json& j, const Ctx& c)
{
    if (!j.is_string())
        c.fail(std::string("expected a string, got ") + typeName(j));
    return j.get<std::string>();
}

inline bool asFlag(const json& j, const Ctx& c)
{
    if (j.is_boolean())
        return j.get<bool>();
    return asInt(j, c) != 0;
}

inline const json& asArray(const json& j, const Ctx& c)
{
    if (!j.is_array())
        c.fail(std::string("expected an array, got ") + typeName(j));
    return j;
}

// Typed reads for readers that use nlohmann's at()/value(): nlohmann turns a float into an
// integer, or a double into a float, with a plain cast — undefined behaviour when the value
// is out of range (found by fuzzing: "version": 1e58). These check first and throw
// InputError (without a file name; the reader adds its own).
// Re-throws a reader's InputError with `file` in front unless it already names it.
[[noreturn]] inline void rethrowNaming(const InputError& e, const std::string& file)
{
    const std::string what = e.what();
    if (file.empty() || what.rfind(file, 0) == 0)
        throw e;
    throw InputError(file, what);
}

template <typename T>
T integer(const json& j)
{
    static_assert(std::is_integral_v<T>);
    if (j.is_number_integer() || j.is_number_unsigned()) {
        if (j.is_number_unsigned() ? j.get<uint64_t>() <= uint64_t(std::numeric_limits<T>::max())
                                   : (j.get<int64_t>() >= int64_t(std::numeric_limits<T>::min())
                                      && (j.get<int64_t>() < 0 || uint64_t(j.get<int64_t>()) <= uint64_t(std::numeric_limits<T>::max()))))
            return j.get<T>();
    } else if (j.is_number_float()) {
        const double d = j.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && d >= double(std::numeric_limits<T>::min())
            && d <= double(std::numeric_limits<T>::max()) && std::fabs(d) < 9.0e15)
            return T(d);
    } else {
        throw InputError(std::string("expected an integer, got ") + typeName(j));
    }
    throw InputError("the number " + j.dump() + " is out of range");
}

// The same, of the value `v` of obj[key], naming the key in the message ("\"count\":
// expected an integer, got string").
template <typename T>
T namedInteger(const json& v, const char* key)
{
    try {
        return integer<T>(v);
    } catch (const InputError& e) {
        throw InputError(std::string("\"") + key + "\": " + e.what());
    }
}

// obj[key] as an integer; a missing key is an error too.
template <typename T>
T integerAt(const json& obj, const char* key)
{
    if (!obj.is_object())
        throw InputError(std::string("expected an object with \"") + key + "\", got " + typeName(obj));
    const auto it = obj.find(key);
    if (it == obj.end())
        throw InputError(std::string("missing \"") + key + "\"");
    return namedInteger<T>(*it, key);
}

template <typename T>
T integerOr(const json& obj, const char* key, T fallback)
{
    const auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? fallback : namedInteger<T>(*it, key);
}

inline std::vector<int> integers(const json& j)
{
    if (!j.is_array())
        throw InputError(std::string("expected an array of integers, got ") + typeName(j));
    std::vector<int> out;
    out.reserve(j.size());
    for (const auto& v : j)
        out.push_back(integer<int>(v));
    return out;
}

inline float real32(const json& j)
{
    if (!j.is_number())
        throw InputError(std::string("expected a number, got ") + typeName(j));
    const double d = j.get<double>();
    if (!(std::fabs(d) <= double(std::numeric_limits<float>::max())))
        throw InputError("the number " + j.dump() + " is out of range");
    return float(d);
}

inline float real32Or(const json& obj, const char* key, float fallback)
{
    const auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? fallback : real32(*it);
}

} // namespace anchorscope::jsonaccess
