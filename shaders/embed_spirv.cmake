# Turns one .spv file into a C++ source defining `const std::span<const uint32_t> IDENT`.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" len)
math(EXPR rem "${len} % 8")
if(NOT rem EQUAL 0)
  message(FATAL_ERROR "${IN}: size is not a multiple of 4 bytes")
endif()
# SPIR-V words are little-endian: bytes aa bb cc dd -> 0xddccbbaa.
string(REGEX REPLACE "(..)(..)(..)(..)" "0x\\4\\3\\2\\1u," words "${hex}")
string(REGEX REPLACE "((0x[0-9a-f]+u,){8})" "\\1\n" words "${words}")
file(WRITE ${OUT} "#include <cstdint>\n#include <span>\nnamespace skyhook::shaders {\nstatic const uint32_t k${IDENT}[] = {\n${words}\n};\nextern const std::span<const uint32_t> ${IDENT};\nconst std::span<const uint32_t> ${IDENT}{k${IDENT}};\n}\n")
