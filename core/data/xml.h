// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A small, strict XML reader for annotation files (Pascal VOC): elements, attributes,
// text, comments, CDATA, processing instructions, DOCTYPE (skipped) and the predefined and
// numeric entities. Iterative (no recursion), with a nesting limit, so hostile files
// cannot exhaust the stack. Errors carry the line number.
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace anchorscope {

struct XmlElement {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::string text; // concatenated character data directly inside this element
    std::vector<std::unique_ptr<XmlElement>> children;
    int line = 0;

    const XmlElement* child(const std::string& childName) const; // first, or null
    std::vector<const XmlElement*> childrenNamed(const std::string& childName) const;
    std::string trimmedText() const;
};

// Parses a whole document; throws InputError("<sourceName>: line N: ...") on malformed input.
std::unique_ptr<XmlElement> parseXml(const std::string& text, const std::string& sourceName);

} // namespace anchorscope
