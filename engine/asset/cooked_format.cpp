#include "engine/asset/cooked_format.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <string>
#include <type_traits>

#include "engine/asset/cook.hpp"
#include "engine/core/file.hpp"
#include "engine/core/hash.hpp"
#include "engine/scene/meshlets.hpp"

namespace skyhook::asset {
namespace {

// Vertices and meshlets are copied as arrays of plain floats/u32: valid only on little-endian hosts with the
// exact layouts below (which the GPU layouts also rely on).
static_assert(std::endian::native == std::endian::little, "the .skm format is little-endian");
static_assert(sizeof(scene::Vertex) == 48 && offsetof(scene::Vertex, tangent) == 32);
static_assert(sizeof(scene::Meshlet) == 48 && offsetof(scene::Meshlet, center) == 16 &&
              offsetof(scene::Meshlet, coneAxis) == 32);

constexpr uint32_t kMaxTextureEdge = 16384;
// Smallest encoded size of each array element, so a count can be checked against the remaining bytes before
// anything is allocated for it.
constexpr size_t kMinTextureBytes = 4 + 4 + 4;
constexpr size_t kMinMipBytes = 8 + 4;
constexpr size_t kMaterialBytesWithoutName = 4 * 4 + 3 * 4 + 7 * 4 + 4 + 1 + 5 * 4;
constexpr size_t kMinMeshBytes = 4 + 4 + 24 + 6 * 4;
constexpr size_t kInstanceBytes = 4 + 16 * 4;

class Writer {
public:
    template <class T>
    void pod(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes(&v, sizeof v);
    }
    void u32(uint32_t v) { pod(v); }
    void f32(float v) { pod(v); }
    void string(const std::string& s) {
        u32(static_cast<uint32_t>(s.size()));
        bytes(s.data(), s.size());
    }
    template <class T>
    void array(const std::vector<T>& v) {
        u32(static_cast<uint32_t>(v.size()));
        bytes(v.data(), v.size() * sizeof(T));
    }
    void bytes(const void* p, size_t n) {
        if (n) m_out.insert(m_out.end(), static_cast<const uint8_t*>(p), static_cast<const uint8_t*>(p) + n);
    }
    std::vector<uint8_t>& out() { return m_out; }

private:
    std::vector<uint8_t> m_out;
};

// Bounds-checked reads, shared by Reader (bytes in memory) and Skimmer (a file): the first failure is kept
// (with its offset); later reads are no-ops returning zeros, so parsing code can check once per section.
// `Source::load(dst, n)` copies the n bytes at offset().
template <class Source>
class CheckedReads {
public:
    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    size_t errorOffset() const { return m_errorOffset; }
    size_t offset() const { return m_pos; }
    size_t remaining() const { return m_size - m_pos; }

    void fail(size_t at, std::string what) {
        if (!ok()) return;
        m_error = std::move(what);
        m_errorOffset = at;
    }
    bool take(void* dst, size_t n, const char* what) {
        if (!fits(n, what)) return false;
        if (n && !static_cast<Source*>(this)->load(dst, n)) {
            fail(m_pos, fmt::format("{}: read error", what));
            return false;
        }
        m_pos += n;
        return true;
    }
    template <class T>
    T pod(const char* what) {
        T v{};
        take(&v, sizeof v, what);
        return v;
    }
    uint32_t u32(const char* what) { return pod<uint32_t>(what); }
    float f32(const char* what) { return pod<float>(what); }
    // A count whose elements take at least minElementBytes each: checked against the remaining bytes.
    uint32_t count(const char* what, size_t minElementBytes) {
        size_t at = m_pos;
        uint32_t n = u32(what);
        if (ok() && minElementBytes && uint64_t{n} * minElementBytes > remaining()) {
            fail(at, fmt::format("{} is {} but only {} bytes remain", what, n, remaining()));
            return 0;
        }
        return n;
    }
    std::string string(const char* what) {
        uint32_t n = count(what, 1);
        std::string s(ok() ? n : 0, '\0');
        take(s.data(), s.size(), what);
        return s;
    }

protected:
    CheckedReads(uint64_t size, size_t start) : m_size(size), m_pos(start) {}
    // Whether n more bytes are there (fails if not).
    bool fits(uint64_t n, const char* what) {
        if (!ok()) return false;
        if (n > remaining()) {
            fail(m_pos,
                 fmt::format("{} needs {} bytes but only {} remain (truncated?)", what, n, remaining()));
            return false;
        }
        return true;
    }

    uint64_t m_size = 0;
    size_t m_pos = 0;

private:
    std::string m_error;
    size_t m_errorOffset = 0;
};

// Reads a cooked file in memory.
class Reader : public CheckedReads<Reader> {
public:
    Reader(std::span<const uint8_t> bytes, size_t start)
        : CheckedReads(bytes.size(), start), m_bytes(bytes) {}

    bool load(void* dst, size_t n) {
        std::memcpy(dst, m_bytes.data() + m_pos, n);
        return true;
    }
    template <class T>
    std::vector<T> array(const char* what) {
        uint32_t n = count(what, sizeof(T));
        std::vector<T> v(ok() ? n : 0);
        take(v.data(), v.size() * sizeof(T), what);
        return v;
    }

private:
    std::span<const uint8_t> m_bytes;
};

// Reads a cooked file's structure and seeks over its payload (pixels, vertices, indices, meshlets): the
// outline of a model costs a few small reads, whatever its size. Same interface and checks as Reader.
class Skimmer : public CheckedReads<Skimmer> {
public:
    Skimmer(std::ifstream& in, uint64_t size, size_t start) : CheckedReads(size, start), m_in(in) {
        m_in.seekg(static_cast<std::streamoff>(start));
    }

    bool load(void* dst, size_t n) {
        return bool(m_in.read(static_cast<char*>(dst), static_cast<std::streamsize>(n)));
    }
    void skip(uint64_t n, const char* what) {
        if (!fits(n, what)) return;
        m_pos += n;
        m_in.seekg(static_cast<std::streamoff>(m_pos));
    }
    // An array's count; its elements are skipped.
    uint32_t skipArray(const char* what, size_t elementBytes) {
        uint32_t n = count(what, elementBytes);
        skip(uint64_t{n} * elementBytes, what);
        return n;
    }

private:
    std::ifstream& m_in;
};

void writeMaterial(Writer& w, const scene::Material& m) {
    w.string(m.name);
    w.pod(m.baseColorFactor);
    w.pod(m.emissiveFactor);
    for (float f : {m.emissiveStrength, m.metallicFactor, m.roughnessFactor, m.normalScale,
                    m.occlusionStrength, m.alphaCutoff})
        w.f32(f);
    w.u32(0);  // reserved
    w.u32(static_cast<uint32_t>(m.alphaMode));
    w.pod(static_cast<uint8_t>(m.doubleSided ? 1 : 0));
    for (int32_t t : {m.baseColorTexture, m.normalTexture, m.metallicRoughnessTexture, m.occlusionTexture,
                      m.emissiveTexture})
        w.pod(t);
}

scene::Material readMaterial(auto& r) {
    scene::Material m;
    m.name = r.string("material name length");
    m.baseColorFactor = r.template pod<glm::vec4>("base colour factor");
    m.emissiveFactor = r.template pod<glm::vec3>("emissive factor");
    for (float* f : {&m.emissiveStrength, &m.metallicFactor, &m.roughnessFactor, &m.normalScale,
                     &m.occlusionStrength, &m.alphaCutoff})
        *f = r.f32("material factor");
    size_t at = r.offset();
    if (r.u32("material reserved word") != 0 && r.ok()) r.fail(at, "material reserved word is not 0");
    at = r.offset();
    uint32_t alpha = r.u32("alpha mode");
    if (r.ok() && alpha > static_cast<uint32_t>(scene::AlphaMode::Blend))
        r.fail(at, fmt::format("alpha mode {} is not 0, 1 or 2", alpha));
    m.alphaMode = static_cast<scene::AlphaMode>(alpha);
    at = r.offset();
    uint8_t doubleSided = r.template pod<uint8_t>("double-sided flag");
    if (r.ok() && doubleSided > 1) r.fail(at, fmt::format("double-sided flag {} is not 0 or 1", doubleSided));
    m.doubleSided = doubleSided == 1;
    for (int32_t* t : {&m.baseColorTexture, &m.normalTexture, &m.metallicRoughnessTexture,
                       &m.occlusionTexture, &m.emissiveTexture})
        *t = r.template pod<int32_t>("texture index");
    return m;
}

void writeMesh(Writer& w, const scene::Mesh& m) {
    w.string(m.name);
    w.u32(m.material);
    w.pod(m.boundsMin);
    w.pod(m.boundsMax);
    w.array(m.vertices);
    w.array(m.indices);
    w.u32(static_cast<uint32_t>(m.lods.size()));
    for (const scene::MeshLod& l : m.lods) {
        w.u32(l.indexOffset);
        w.u32(l.indexCount);
        w.f32(l.error);
        w.u32(l.meshletOffset);
        w.u32(l.meshletCount);
    }
    w.array(m.meshlets);
    w.array(m.meshletVertices);
    w.array(m.meshletTriangles);
}

scene::Mesh readMesh(Reader& r) {
    scene::Mesh m;
    m.name = r.string("mesh name length");
    m.material = r.u32("mesh material");
    m.boundsMin = r.pod<glm::vec3>("mesh bounds");
    m.boundsMax = r.pod<glm::vec3>("mesh bounds");
    m.vertices = r.array<scene::Vertex>("vertex count");
    m.indices = r.array<uint32_t>("index count");
    uint32_t lods = r.count("LOD count", 20);
    for (uint32_t i = 0; i < lods && r.ok(); ++i) {
        scene::MeshLod l;
        l.indexOffset = r.u32("LOD index offset");
        l.indexCount = r.u32("LOD index count");
        l.error = r.f32("LOD error");
        l.meshletOffset = r.u32("LOD meshlet offset");
        l.meshletCount = r.u32("LOD meshlet count");
        m.lods.push_back(l);
    }
    m.meshlets = r.array<scene::Meshlet>("meshlet count");
    m.meshletVertices = r.array<uint32_t>("meshlet vertex count");
    m.meshletTriangles = r.array<uint8_t>("meshlet triangle byte count");
    return m;
}

Result<void> validateMesh(const scene::Mesh& m, size_t materialCount, const std::string& where) {
    const uint64_t vertexCount = m.vertices.size();
    if (m.material >= materialCount)
        return Error::make("{}: material {} does not exist ({} materials)", where, m.material, materialCount);
    if (m.indices.size() % 3 != 0)
        return Error::make("{}: {} indices is not a multiple of 3", where, m.indices.size());
    for (size_t i = 0; i < m.indices.size(); ++i)
        if (m.indices[i] >= vertexCount)
            return Error::make("{}: index {} is {} but there are {} vertices", where, i, m.indices[i],
                               vertexCount);
    if (m.lods.empty() || m.lods.size() > kMaxLods)
        return Error::make("{}: {} LODs (1 to {} expected)", where, m.lods.size(), kMaxLods);
    float previousError = 0.0f;
    for (size_t i = 0; i < m.lods.size(); ++i) {
        const scene::MeshLod& l = m.lods[i];
        if (uint64_t{l.indexOffset} + l.indexCount > m.indices.size() || l.indexCount % 3 != 0 ||
            l.indexCount == 0)
            return Error::make("{}: LOD {} range {}+{} is invalid for {} indices", where, i, l.indexOffset,
                               l.indexCount, m.indices.size());
        if (!std::isfinite(l.error) || l.error < previousError)
            return Error::make("{}: LOD {} error {} is not finite and non-decreasing", where, i, l.error);
        previousError = l.error;
    }
    // Meshlets are optional (a model cooked without them gets them when it is drawn); when present, every
    // LOD has its own, within the limits.
    const bool anyMeshlets = !m.meshlets.empty() || std::any_of(m.lods.begin(), m.lods.end(), [](auto& l) {
        return l.meshletOffset != 0 || l.meshletCount != 0;
    });
    if (anyMeshlets)
        if (std::string e = scene::meshletError(m); !e.empty()) return Error::make("{}: {}", where, e);
    return {};
}

Result<void> validateTexture(const scene::Texture& t, const std::string& where) {
    if (t.format != scene::TextureFormat::Rgba8Srgb && t.format != scene::TextureFormat::Rgba8Unorm)
        return Error::make("{}: format {} is unknown", where, static_cast<uint32_t>(t.format));
    if (t.mips.empty()) return Error::make("{}: no mips", where);
    const uint32_t w0 = t.mips[0].width, h0 = t.mips[0].height;
    if (w0 == 0 || h0 == 0 || w0 > kMaxTextureEdge || h0 > kMaxTextureEdge)
        return Error::make("{}: size {}x{} is outside 1..{}", where, w0, h0, kMaxTextureEdge);
    for (size_t i = 0; i < t.mips.size(); ++i) {
        const scene::TextureMip& mip = t.mips[i];
        uint32_t w = std::max(1u, w0 >> std::min<size_t>(i, 31)),
                 h = std::max(1u, h0 >> std::min<size_t>(i, 31));
        if (i > 0 && (t.mips[i - 1].width == 1 && t.mips[i - 1].height == 1))
            return Error::make("{}: mip {} follows a 1x1 mip", where, i);
        if (mip.width != w || mip.height != h)
            return Error::make("{}: mip {} is {}x{}, expected {}x{}", where, i, mip.width, mip.height, w, h);
        if (mip.pixels.size() != size_t{w} * h * 4)
            return Error::make("{}: mip {} has {} bytes, expected {}x{}x4 = {}", where, i, mip.pixels.size(),
                               w, h, size_t{w} * h * 4);
    }
    return {};
}

}  // namespace

Result<void> validateCookedModel(const scene::Model& model, std::string_view whereForErrors) {
    const std::string where(whereForErrors);
    if (model.meshes.empty()) return Error::make("{}: no meshes", where);
    if (model.materials.empty()) return Error::make("{}: no materials", where);
    for (size_t i = 0; i < model.textures.size(); ++i)
        SKYHOOK_TRY(validateTexture(model.textures[i], fmt::format("{}: texture {}", where, i)));
    const int64_t textureCount = static_cast<int64_t>(model.textures.size());
    for (size_t i = 0; i < model.materials.size(); ++i) {
        const scene::Material& m = model.materials[i];
        for (int32_t t : {m.baseColorTexture, m.normalTexture, m.metallicRoughnessTexture, m.occlusionTexture,
                          m.emissiveTexture})
            if (t != scene::kNoTexture && (t < 0 || t >= textureCount))
                return Error::make("{}: material {} references texture {} ({} textures)", where, i, t,
                                   textureCount);
        if (static_cast<uint32_t>(m.alphaMode) > static_cast<uint32_t>(scene::AlphaMode::Blend))
            return Error::make("{}: material {} alpha mode is invalid", where, i);
    }
    for (size_t i = 0; i < model.meshes.size(); ++i)
        SKYHOOK_TRY(
            validateMesh(model.meshes[i], model.materials.size(), fmt::format("{}: mesh {}", where, i)));
    for (size_t i = 0; i < model.instances.size(); ++i)
        if (model.instances[i].mesh >= model.meshes.size())
            return Error::make("{}: instance {} references mesh {} ({} meshes)", where, i,
                               model.instances[i].mesh, model.meshes.size());
    return {};
}

Result<std::vector<uint8_t>> serializeCooked(const scene::Model& model) {
    SKYHOOK_TRY(validateCookedModel(model, "writing cooked model '" + model.name + "'"));
    Writer w;
    w.bytes(kCookedMagic, sizeof kCookedMagic);
    w.u32(kCookedFormatVersion);
    w.u32(0);
    w.pod(uint64_t{0});  // total size, patched below
    w.pod(uint64_t{0});  // checksum, patched below
    w.string(model.name);
    w.u32(static_cast<uint32_t>(model.textures.size()));
    for (const scene::Texture& t : model.textures) {
        w.string(t.name);
        w.u32(static_cast<uint32_t>(t.format));
        w.u32(static_cast<uint32_t>(t.mips.size()));
        for (const scene::TextureMip& mip : t.mips) {
            w.u32(mip.width);
            w.u32(mip.height);
            w.bytes(mip.pixels.data(), mip.pixels.size());
        }
    }
    w.u32(static_cast<uint32_t>(model.materials.size()));
    for (const scene::Material& m : model.materials) writeMaterial(w, m);
    w.u32(static_cast<uint32_t>(model.meshes.size()));
    for (const scene::Mesh& m : model.meshes) writeMesh(w, m);
    w.u32(static_cast<uint32_t>(model.instances.size()));
    for (const scene::MeshInstance& inst : model.instances) {
        w.u32(inst.mesh);
        w.pod(inst.transform);
    }
    std::vector<uint8_t>& out = w.out();
    uint64_t size = out.size();
    uint64_t checksum = hash64(std::span<const uint8_t>(out).subspan(kCookedHeaderSize));
    std::memcpy(out.data() + kCookedSizeOffset, &size, 8);
    std::memcpy(out.data() + kCookedChecksumOffset, &checksum, 8);
    return std::move(out);
}

Result<void> writeCooked(const scene::Model& model, const std::filesystem::path& path) {
    auto bytes = serializeCooked(model);
    if (!bytes) return bytes.error().context(path.string());
    return writeFileBytes(path, *bytes);
}

Result<scene::Model> readCooked(const std::filesystem::path& path) {
    auto bytes = readFileBytes(path);
    if (!bytes) return bytes.error();
    return readCookedBytes(*bytes, path.string());
}

Result<scene::Model> readCookedBytes(std::span<const uint8_t> bytes, std::string_view nameForErrors) {
    const std::string name(nameForErrors);
    if (bytes.size() < kCookedHeaderSize)
        return Error::make("{}: {} bytes is too short for a cooked model header ({} bytes)", name,
                           bytes.size(), kCookedHeaderSize);
    if (std::memcmp(bytes.data(), kCookedMagic, sizeof kCookedMagic) != 0)
        return Error::make("{}: offset 0: not a cooked model (magic is not SKYHOOKM)", name);
    uint32_t version = 0, reserved = 0;
    uint64_t size = 0, checksum = 0;
    std::memcpy(&version, bytes.data() + 8, 4);
    std::memcpy(&reserved, bytes.data() + 12, 4);
    std::memcpy(&size, bytes.data() + kCookedSizeOffset, 8);
    std::memcpy(&checksum, bytes.data() + kCookedChecksumOffset, 8);
    if (version != kCookedFormatVersion)
        return Error::make(
            "{}: offset 8: cooked format version {} but this build reads version {}; re-cook it", name,
            version, kCookedFormatVersion);
    if (reserved != 0)
        return Error::make("{}: offset 12: reserved header word is {:#x}, not 0", name, reserved);
    if (size != bytes.size())
        return Error::make("{}: offset {}: header says {} bytes but the file has {} (truncated or padded)",
                           name, kCookedSizeOffset, size, bytes.size());
    uint64_t actual = hash64(bytes.subspan(kCookedHeaderSize));
    if (actual != checksum)
        return Error::make(
            "{}: offset {}: checksum mismatch (stored {:016x}, computed {:016x}): the file is corrupt", name,
            kCookedChecksumOffset, checksum, actual);

    Reader r(bytes, kCookedHeaderSize);
    scene::Model model;
    model.name = r.string("model name length");
    uint32_t textures = r.count("texture count", kMinTextureBytes);
    for (uint32_t i = 0; i < textures && r.ok(); ++i) {
        scene::Texture t;
        t.name = r.string("texture name length");
        size_t at = r.offset();
        uint32_t format = r.u32("texture format");
        if (r.ok() && format > static_cast<uint32_t>(scene::TextureFormat::Rgba8Unorm))
            r.fail(at, fmt::format("texture {} format {} is unknown", i, format));
        t.format = static_cast<scene::TextureFormat>(format);
        uint32_t mips = r.count("mip count", kMinMipBytes);
        for (uint32_t m = 0; m < mips && r.ok(); ++m) {
            scene::TextureMip mip;
            at = r.offset();
            mip.width = r.u32("mip width");
            mip.height = r.u32("mip height");
            uint64_t pixelBytes = uint64_t{mip.width} * mip.height * 4;
            if (r.ok() && (mip.width == 0 || mip.height == 0 || mip.width > kMaxTextureEdge ||
                           mip.height > kMaxTextureEdge || pixelBytes > r.remaining())) {
                r.fail(at, fmt::format(
                               "texture {} mip {} size {}x{} is invalid or exceeds the {} remaining bytes", i,
                               m, mip.width, mip.height, r.remaining()));
                break;
            }
            mip.pixels.resize(pixelBytes);
            r.take(mip.pixels.data(), mip.pixels.size(), "mip pixels");
            t.mips.push_back(std::move(mip));
        }
        model.textures.push_back(std::move(t));
    }
    uint32_t materials = r.count("material count", kMaterialBytesWithoutName + 4);
    for (uint32_t i = 0; i < materials && r.ok(); ++i) model.materials.push_back(readMaterial(r));
    uint32_t meshes = r.count("mesh count", kMinMeshBytes);
    for (uint32_t i = 0; i < meshes && r.ok(); ++i) model.meshes.push_back(readMesh(r));
    uint32_t instances = r.count("instance count", kInstanceBytes);
    for (uint32_t i = 0; i < instances && r.ok(); ++i) {
        scene::MeshInstance inst;
        inst.mesh = r.u32("instance mesh");
        inst.transform = r.pod<glm::mat4>("instance transform");
        model.instances.push_back(inst);
    }
    if (r.ok() && r.remaining() != 0)
        r.fail(r.offset(), fmt::format("{} unexpected bytes after the model", r.remaining()));
    if (!r.ok()) return Error::make("{}: offset {}: {}", name, r.errorOffset(), r.error());
    SKYHOOK_TRY(validateCookedModel(model, name));
    return model;
}

Result<scene::ModelOutline> readCookedOutline(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    const uint64_t fileSize = std::filesystem::file_size(path, ec);
    if (!in || ec) return Error::make("{}: cannot open ({})", name, ec ? ec.message() : "no such file");
    uint8_t header[kCookedHeaderSize] = {};
    if (fileSize < kCookedHeaderSize || !in.read(reinterpret_cast<char*>(header), sizeof header))
        return Error::make("{}: {} bytes is too short for a cooked model header ({} bytes)", name, fileSize,
                           kCookedHeaderSize);
    if (std::memcmp(header, kCookedMagic, sizeof kCookedMagic) != 0)
        return Error::make("{}: offset 0: not a cooked model (magic is not SKYHOOKM)", name);
    uint32_t version = 0;
    uint64_t size = 0;
    std::memcpy(&version, header + 8, 4);
    std::memcpy(&size, header + kCookedSizeOffset, 8);
    if (version != kCookedFormatVersion)
        return Error::make(
            "{}: offset 8: cooked format version {} but this build reads version {}; re-cook it", name,
            version, kCookedFormatVersion);
    if (size != fileSize)
        return Error::make("{}: offset {}: header says {} bytes but the file has {} (truncated or padded)",
                           name, kCookedSizeOffset, size, fileSize);
    Skimmer r(in, fileSize, kCookedHeaderSize);
    scene::ModelOutline out;
    out.name = r.string("model name length");
    out.textureCount = r.count("texture count", kMinTextureBytes);
    for (uint32_t i = 0; i < out.textureCount && r.ok(); ++i) {
        (void)r.string("texture name length");
        (void)r.u32("texture format");
        const uint32_t mips = r.count("mip count", kMinMipBytes);
        for (uint32_t m = 0; m < mips && r.ok(); ++m) {
            const uint64_t w = r.u32("mip width"), h = r.u32("mip height");
            r.skip(w * h * 4, "mip pixels");
        }
    }
    const uint32_t materials = r.count("material count", kMaterialBytesWithoutName + 4);
    for (uint32_t i = 0; i < materials && r.ok(); ++i) out.materials.push_back(readMaterial(r));
    const uint32_t meshes = r.count("mesh count", kMinMeshBytes);
    for (uint32_t i = 0; i < meshes && r.ok(); ++i) {
        scene::MeshOutline m;
        m.name = r.string("mesh name length");
        m.material = r.u32("mesh material");
        m.boundsMin = r.pod<glm::vec3>("mesh bounds");
        m.boundsMax = r.pod<glm::vec3>("mesh bounds");
        m.vertexCount = r.skipArray("vertex count", sizeof(scene::Vertex));
        m.indexCount = r.skipArray("index count", sizeof(uint32_t));
        const uint32_t lods = r.count("LOD count", 20);
        for (uint32_t l = 0; l < lods && r.ok(); ++l) {
            scene::MeshLod lod;
            lod.indexOffset = r.u32("LOD index offset");
            lod.indexCount = r.u32("LOD index count");
            lod.error = r.f32("LOD error");
            lod.meshletOffset = r.u32("LOD meshlet offset");
            lod.meshletCount = r.u32("LOD meshlet count");
            m.lods.push_back(lod);
        }
        m.meshletCount = r.skipArray("meshlet count", sizeof(scene::Meshlet));
        m.meshletVertexCount = r.skipArray("meshlet vertex count", sizeof(uint32_t));
        m.meshletTriangleBytes = r.skipArray("meshlet triangle byte count", 1);
        out.meshes.push_back(std::move(m));
    }
    const uint32_t instances = r.count("instance count", kInstanceBytes);
    for (uint32_t i = 0; i < instances && r.ok(); ++i) {
        scene::MeshInstance inst;
        inst.mesh = r.u32("instance mesh");
        inst.transform = r.pod<glm::mat4>("instance transform");
        out.instances.push_back(inst);
    }
    if (r.ok() && r.remaining() != 0)
        r.fail(r.offset(), fmt::format("{} unexpected bytes after the model", r.remaining()));
    if (!r.ok()) return Error::make("{}: offset {}: {}", name, r.errorOffset(), r.error());
    // What placing the model relies on; the rest (indices, meshlets, pixels, the checksum) is checked when
    // the data is read.
    if (out.meshes.empty()) return Error::make("{}: no meshes", name);
    if (out.materials.empty()) return Error::make("{}: no materials", name);
    for (size_t i = 0; i < out.meshes.size(); ++i) {
        const scene::MeshOutline& m = out.meshes[i];
        if (m.material >= out.materials.size())
            return Error::make("{}: mesh {}: material {} does not exist ({} materials)", name, i, m.material,
                               out.materials.size());
        if (m.lods.empty() || m.lods.size() > kMaxLods)
            return Error::make("{}: mesh {}: {} LODs (1 to {} expected)", name, i, m.lods.size(), kMaxLods);
        for (const scene::MeshLod& l : m.lods)
            if (uint64_t{l.indexOffset} + l.indexCount > m.indexCount)
                return Error::make("{}: mesh {}: a LOD's range is outside its {} indices", name, i,
                                   m.indexCount);
    }
    for (size_t i = 0; i < out.instances.size(); ++i)
        if (out.instances[i].mesh >= out.meshes.size())
            return Error::make("{}: instance {} references mesh {} ({} meshes)", name, i,
                               out.instances[i].mesh, out.meshes.size());
    return out;
}

}  // namespace skyhook::asset
