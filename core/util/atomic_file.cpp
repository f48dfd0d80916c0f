// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/atomic_file.h"

#include "util/error.h"
#include "util/progress.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <streambuf>
#include <unistd.h>
#include <vector>

namespace anchorscope {
namespace fs = std::filesystem;

namespace {

std::string errnoText() { return std::strerror(errno); }

// Creates a unique temporary file next to `path` (same filesystem, so rename is atomic).
std::string makeTempPath(const std::string& path)
{
    fs::path target(path);
    fs::path dir = target.parent_path();
    if (dir.empty())
        dir = ".";
    std::string pattern = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    std::string buffer = pattern;
    int fd = ::mkstemp(buffer.data());
    if (fd < 0)
        throw InputError(path, "cannot create a temporary file in " + dir.string() + ": " + errnoText());
    ::close(fd);
    return buffer;
}

// Fault injection for the "killed mid-write" tests: with ANCHORSCOPE_TEST_KILL_AFTER_BYTES=N
// in the environment, the process kills itself (SIGKILL, as a power cut or `kill -9` would)
// once N bytes of a file have reached the temporary file. Proves, for every writer that goes
// through here, that the target is untouched until the rename — and a writer that bypassed
// this function would not be killed, which the tests notice.
class KillAfterBytes : public std::streambuf {
public:
    KillAfterBytes(std::streambuf* target, uint64_t limit) : target_(target), left_(limit) {}

protected:
    int_type overflow(int_type ch) override
    {
        if (traits_type::eq_int_type(ch, traits_type::eof()))
            return traits_type::not_eof(ch);
        const char c = traits_type::to_char_type(ch);
        return xsputn(&c, 1) == 1 ? ch : traits_type::eof();
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override
    {
        const std::streamsize now = std::streamsize(std::min<uint64_t>(uint64_t(n), left_));
        if (target_->sputn(s, now) != now)
            return 0;
        left_ -= uint64_t(now);
        if (left_ == 0) {
            target_->pubsync();
            ::kill(::getpid(), SIGKILL);
        }
        return target_->sputn(s + now, n - now) + now;
    }
    int sync() override { return target_->pubsync(); }

private:
    std::streambuf* target_;
    uint64_t left_;
};

long long killAfterBytes()
{
    const char* v = std::getenv("ANCHORSCOPE_TEST_KILL_AFTER_BYTES"); // read per write: tests set it after fork
    return v ? std::atoll(v) : -1LL;
}

void syncFile(const std::string& path)
{
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& writer)
{
    const std::string temp = makeTempPath(path);
    try {
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            if (!out)
                throw InputError(path, "cannot open a temporary file for writing: " + errnoText());
            if (const long long limit = killAfterBytes(); limit >= 0) {
                KillAfterBytes buf(out.rdbuf(), uint64_t(limit));
                std::ostream killing(&buf);
                writer(killing);
                killing.flush();
            } else {
                writer(out);
            }
            out.flush();
            if (!out)
                throw InputError(path, "writing failed (disk full?): " + errnoText());
        }
        syncFile(temp);
        // Keep the permissions of the file we replace.
        std::error_code ec;
        auto status = fs::status(path, ec);
        if (!ec && fs::exists(status))
            fs::permissions(temp, status.permissions(), ec);
        else
            fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read
                                | fs::perms::others_read, ec);
        if (std::rename(temp.c_str(), path.c_str()) != 0)
            throw InputError(path, "cannot replace the file: " + errnoText());
    } catch (...) {
        std::remove(temp.c_str());
        throw;
    }
}

void writeFileAtomically(const std::string& path, std::string_view content)
{
    writeFileAtomically(path, [&](std::ostream& out) { out.write(content.data(), std::streamsize(content.size())); });
}

void moveFileAtomically(const std::string& from, const std::string& to, const ProgressToken* progress)
{
    if (std::rename(from.c_str(), to.c_str()) == 0)
        return;
    if (errno != EXDEV)
        throw InputError(to, "cannot move " + from + " here: " + errnoText());
    std::ifstream in(from, std::ios::binary);
    if (!in)
        throw InputError(from, "cannot read the file: " + errnoText());
    std::error_code ec;
    const double total = double(std::max<std::uintmax_t>(1, fs::file_size(from, ec)));
    writeFileAtomically(to, [&](std::ostream& out) {
        std::vector<char> chunk(size_t(4) << 20);
        double done = 0;
        while (in) {
            checkCancelled(progress);
            in.read(chunk.data(), std::streamsize(chunk.size()));
            out.write(chunk.data(), in.gcount());
            done += double(in.gcount());
            reportProgress(progress, done / total, "copying " + fs::path(from).filename().string());
        }
        if (in.bad())
            throw InputError(from, "reading failed: " + errnoText());
    });
    fs::remove(from, ec); // the copy is complete: a leftover original only wastes space
}

std::string readWholeFile(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw InputError(path, "file not found");
    if (fs::is_directory(path, ec))
        throw InputError(path, "is a directory, expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path, "cannot open the file: " + errnoText());
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        throw InputError(path, "reading failed");
    return ss.str();
}

} // namespace anchorscope
