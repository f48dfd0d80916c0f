// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Typed access to parsed JSON that reports *where* a value is wrong ("file: images[3].id:
// expected an integer, got string") instead of nlohmann's generic type_error. Internal to
// core's readers.
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

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

} // namespace anchorscope::jsonaccess
