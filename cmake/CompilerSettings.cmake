# Warnings and sanitizers shared by every target of the project.
# SPDX-License-Identifier: GPL-3.0-or-later
add_library(anchorscope_warnings INTERFACE)
target_compile_options(anchorscope_warnings INTERFACE -Wall -Wextra)

if(ANCHORSCOPE_SANITIZE)
  # Applied globally so that every object file (core, widgets, app, tests) is instrumented.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Qt code never uses the bare keywords: torch headers define members named `slots`.
add_compile_definitions(QT_NO_KEYWORDS)
