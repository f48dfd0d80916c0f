// SPDX-License-Identifier: GPL-3.0-or-later
#include "data/xml.h"

#include "util/error.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace anchorscope {

const XmlElement* XmlElement::child(const std::string& childName) const
{
    for (const auto& c : children)
        if (c->name == childName)
            return c.get();
    return nullptr;
}

std::vector<const XmlElement*> XmlElement::childrenNamed(const std::string& childName) const
{
    std::vector<const XmlElement*> out;
    for (const auto& c : children)
        if (c->name == childName)
            out.push_back(c.get());
    return out;
}

std::string XmlElement::trimmedText() const
{
    size_t b = 0, e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1])))
        --e;
    return text.substr(b, e - b);
}

namespace {

constexpr size_t kMaxDepth = 256;

class Parser {
public:
    Parser(const std::string& t, const std::string& src) : s_(t), src_(src) {}

    std::unique_ptr<XmlElement> run()
    {
        std::unique_ptr<XmlElement> root;
        std::vector<XmlElement*> stack;
        skipBom();
        while (pos_ < s_.size()) {
            if (s_[pos_] != '<') {
                const size_t start = pos_;
                advanceTo(std::min(s_.find('<', pos_), s_.size()));
                const std::string raw = s_.substr(start, pos_ - start);
                if (stack.empty()) {
                    if (!isBlank(raw))
                        fail("text outside the root element");
                } else {
                    stack.back()->text += decode(raw);
                }
                continue;
            }
            if (startsWith("<!--")) {
                skipPast("-->", "unterminated comment");
            } else if (startsWith("<![CDATA[")) {
                if (stack.empty())
                    fail("CDATA outside the root element");
                const size_t start = pos_ + 9;
                const size_t end = s_.find("]]>", start);
                if (end == std::string::npos)
                    fail("unterminated CDATA section");
                stack.back()->text += s_.substr(start, end - start);
                advanceTo(end + 3);
            } else if (startsWith("<?")) {
                skipPast("?>", "unterminated processing instruction");
            } else if (startsWith("<!")) {
                skipDoctype();
            } else if (startsWith("</")) {
                advanceTo(pos_ + 2);
                const std::string name = readName();
                skipSpace();
                expect('>');
                if (stack.empty())
                    fail("closing tag </" + name + "> without an opening tag");
                if (stack.back()->name != name)
                    fail("closing tag </" + name + "> does not match <" + stack.back()->name + ">");
                stack.pop_back();
            } else {
                advanceTo(pos_ + 1);
                auto el = std::make_unique<XmlElement>();
                el->line = line_;
                el->name = readName();
                bool selfClosing = false;
                while (true) {
                    skipSpace();
                    if (pos_ >= s_.size())
                        fail("unterminated tag <" + el->name + ">");
                    if (s_[pos_] == '>') {
                        advanceTo(pos_ + 1);
                        break;
                    }
                    if (startsWith("/>")) {
                        advanceTo(pos_ + 2);
                        selfClosing = true;
                        break;
                    }
                    std::string key = readName();
                    skipSpace();
                    expect('=');
                    skipSpace();
                    if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
                        fail("attribute value must be quoted");
                    const char q = s_[pos_];
                    const size_t end = s_.find(q, pos_ + 1);
                    if (end == std::string::npos)
                        fail("unterminated attribute value");
                    el->attributes.emplace_back(std::move(key), decode(s_.substr(pos_ + 1, end - pos_ - 1)));
                    advanceTo(end + 1);
                }
                XmlElement* raw = el.get();
                if (stack.empty()) {
                    if (root)
                        fail("more than one root element");
                    root = std::move(el);
                } else {
                    stack.back()->children.push_back(std::move(el));
                }
                if (!selfClosing) {
                    if (stack.size() >= kMaxDepth)
                        fail("elements nested too deeply");
                    stack.push_back(raw);
                }
            }
        }
        if (!stack.empty())
            fail("unexpected end of file inside <" + stack.back()->name + "> (truncated?)");
        if (!root)
            fail("no root element");
        return root;
    }

private:
    [[noreturn]] void fail(const std::string& what) const
    {
        throw InputError(src_, "not valid XML: line " + std::to_string(line_) + ": " + what);
    }
    bool startsWith(const char* p) const { return s_.compare(pos_, std::strlen(p), p) == 0; }
    void advanceTo(size_t p)
    {
        p = std::min(p, s_.size());
        for (; pos_ < p; ++pos_)
            if (s_[pos_] == '\n')
                ++line_;
    }
    void skipBom()
    {
        if (startsWith("\xEF\xBB\xBF"))
            pos_ = 3;
    }
    void skipSpace()
    {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_])))
            advanceTo(pos_ + 1);
    }
    void skipPast(const char* end, const char* error)
    {
        const size_t e = s_.find(end, pos_);
        if (e == std::string::npos)
            fail(error);
        advanceTo(e + std::strlen(end));
    }
    void skipDoctype()
    {
        int depth = 0;
        while (pos_ < s_.size()) {
            const char c = s_[pos_];
            advanceTo(pos_ + 1);
            if (c == '[')
                ++depth;
            else if (c == ']')
                --depth;
            else if (c == '>' && depth <= 0)
                return;
        }
        fail("unterminated DOCTYPE");
    }
    void expect(char c)
    {
        if (pos_ >= s_.size() || s_[pos_] != c)
            fail(std::string("expected '") + c + "'");
        advanceTo(pos_ + 1);
    }
    static bool isNameChar(char c)
    {
        const unsigned char u = static_cast<unsigned char>(c);
        return std::isalnum(u) || c == '_' || c == '-' || c == '.' || c == ':' || u >= 0x80;
    }
    std::string readName()
    {
        const size_t start = pos_;
        while (pos_ < s_.size() && isNameChar(s_[pos_]))
            ++pos_;
        if (pos_ == start)
            fail("expected a name");
        return s_.substr(start, pos_ - start);
    }
    static bool isBlank(const std::string& t)
    {
        for (char c : t)
            if (!std::isspace(static_cast<unsigned char>(c)))
                return false;
        return true;
    }
    static void appendUtf8(std::string& out, unsigned long cp)
    {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }
    std::string decode(const std::string& raw) const
    {
        std::string out;
        out.reserve(raw.size());
        for (size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '&') {
                out += raw[i];
                continue;
            }
            const size_t semi = raw.find(';', i);
            if (semi == std::string::npos || semi - i > 12)
                fail("bad entity reference");
            const std::string ent = raw.substr(i + 1, semi - i - 1);
            if (ent == "lt")
                out += '<';
            else if (ent == "gt")
                out += '>';
            else if (ent == "amp")
                out += '&';
            else if (ent == "quot")
                out += '"';
            else if (ent == "apos")
                out += '\'';
            else if (ent.size() > 1 && ent[0] == '#') {
                const bool hex = ent[1] == 'x' || ent[1] == 'X';
                const std::string digits = ent.substr(hex ? 2 : 1);
                if (digits.empty())
                    fail("bad character reference");
                unsigned long cp = 0;
                for (char c : digits) {
                    const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                        : (hex && std::isxdigit(static_cast<unsigned char>(c))) ? (std::tolower(c) - 'a' + 10)
                                                                                : -1;
                    if (v < 0 || (!hex && v > 9))
                        fail("bad character reference");
                    cp = cp * (hex ? 16 : 10) + unsigned(v);
                    if (cp > 0x10FFFF)
                        fail("character reference out of range");
                }
                appendUtf8(out, cp);
            } else {
                fail("unknown entity &" + ent + ";");
            }
            i = semi;
        }
        return out;
    }

    const std::string& s_;
    const std::string& src_;
    size_t pos_ = 0;
    int line_ = 1;
};

} // namespace

std::unique_ptr<XmlElement> parseXml(const std::string& text, const std::string& sourceName)
{
    return Parser(text, sourceName).run();
}

} // namespace anchorscope
