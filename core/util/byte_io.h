// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Little binary records in memory (the prediction cache's arrays, partial cache results):
// trivially copyable values and arrays appended to a string, and read back with every
// length checked against what is left (InputError naming the source, never a read past
// the end). Host byte order: the files are caches of this machine, not interchange.
#include "util/error.h"

#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace anchorscope {

template <typename T>
void appendBytes(std::string& out, const T& v)
{
    static_assert(std::is_trivially_copyable_v<T>);
    out.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
void appendArray(std::string& out, const std::vector<T>& v)
{
    static_assert(std::is_trivially_copyable_v<T>);
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

class ByteReader {
public:
    // `truncated`: the message when a length runs past the end.
    ByteReader(const std::string& bytes, size_t pos, std::string source, std::string truncated)
        : s_(bytes), pos_(pos), source_(std::move(source)), truncated_(std::move(truncated))
    {
    }
    template <typename T>
    T get()
    {
        T v;
        if (s_.size() - pos_ < sizeof(T))
            throw InputError(source_, truncated_);
        std::memcpy(&v, s_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }
    template <typename T>
    void getArray(std::vector<T>& v, size_t n)
    {
        if (n > (s_.size() - pos_) / sizeof(T))
            throw InputError(source_, truncated_);
        v.resize(n);
        std::memcpy(v.data(), s_.data() + pos_, n * sizeof(T));
        pos_ += n * sizeof(T);
    }
    size_t pos() const { return pos_; }
    bool atEnd() const { return pos_ == s_.size(); }

private:
    const std::string& s_;
    size_t pos_;
    std::string source_, truncated_;
};

} // namespace anchorscope
