#include "engine/net/message.hpp"

#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace skyhook::net {

namespace {

// Byte writer/reader with explicit little-endian layout (the wire never depends on the host).
struct Writer {
    std::vector<uint8_t>& out;
    template <class T>
    void put(T value) {
        uint8_t raw[sizeof(T)];
        std::memcpy(raw, &value, sizeof(T));
        out.insert(out.end(), raw, raw + sizeof(T));  // x86-64 and aarch64 hosts are little-endian
    }
};
static_assert(std::endian::native == std::endian::little, "the wire format is little-endian");

struct Reader {
    std::span<const uint8_t> in;
    size_t at = 0;
    template <class T>
    T get() {
        T value{};
        std::memcpy(&value, in.data() + at, sizeof(T));  // lengths are checked before reading
        at += sizeof(T);
        return value;
    }
};

constexpr size_t kPoseBytes = 1 + 3 * 4 + 4 * 4;
constexpr uint8_t kLastType = uint8_t(MessageType::Health);

size_t payloadBytes(MessageType type) {
    switch (type) {
        case MessageType::ClockRequest:
            return 8;
        case MessageType::ClockReply:
            return 24;
        case MessageType::ShowState:
            return 8 + 8 + 8 + 4 + 4 + 1 + 8;
        case MessageType::Pose:
            return 4 + 3 * kPoseBytes;
        case MessageType::Goodbye:
            return 4;
        case MessageType::Health:
            return 1 + 1 + 8 + 8 + 4 + 4 + 8 + 8 + 4 + 8;
    }
    return 0;
}

void putHealth(Writer& w, const Health& h) {
    w.put(uint8_t(h.session));
    w.put<uint8_t>(h.synced ? 1 : 0);
    w.put(h.framesSubmitted), w.put(h.lateFrames), w.put(h.recoveries), w.put(h.frameRate);
    w.put(h.offsetNs), w.put(h.roundTripNs), w.put(h.showErrorMs), w.put(h.revision);
}

// Every field is checked: an enum in range, finite rates and errors of a plausible size, a round trip that
// is not negative and under a minute.
bool getHealth(Reader& r, Health& h) {
    const uint8_t session = r.get<uint8_t>();
    const uint8_t synced = r.get<uint8_t>();
    h.framesSubmitted = r.get<uint64_t>();
    h.lateFrames = r.get<uint64_t>();
    h.recoveries = r.get<uint32_t>();
    h.frameRate = r.get<float>();
    h.offsetNs = r.get<int64_t>();
    h.roundTripNs = r.get<int64_t>();
    h.showErrorMs = r.get<float>();
    h.revision = r.get<uint64_t>();
    if (session >= kVisitorSessionCount || synced > 1) return false;
    if (!std::isfinite(h.frameRate) || h.frameRate < 0.0f || h.frameRate > 10000.0f) return false;
    if (!std::isfinite(h.showErrorMs) || std::abs(h.showErrorMs) > 1e9f) return false;
    if (h.roundTripNs < 0 || h.roundTripNs > 60'000'000'000) return false;
    h.session = VisitorSession(session);
    h.synced = synced == 1;
    return true;
}

void putPose(Writer& w, const WirePose& p) {
    w.put<uint8_t>(p.valid ? 1 : 0);
    for (float v : p.position) w.put(v);
    for (float v : p.orientation) w.put(v);
}

bool getPose(Reader& r, WirePose& p) {
    const uint8_t flags = r.get<uint8_t>();
    for (float& v : p.position) v = r.get<float>();
    for (float& v : p.orientation) v = r.get<float>();
    if (flags > 1) return false;
    p.valid = flags == 1;
    float norm = 0.0f;
    for (float v : p.position)
        if (!std::isfinite(v) || std::abs(v) > 1e6f) return false;
    for (float v : p.orientation) {
        if (!std::isfinite(v)) return false;
        norm += v * v;
    }
    return !p.valid || std::abs(norm - 1.0f) < 1e-2f;
}

}  // namespace

std::array<uint8_t, kTagBytes> hmacSha256(std::span<const uint8_t> data, const VenueKey& key) {
    std::array<uint8_t, kTagBytes> out{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.bytes.data(), int(key.bytes.size()), data.data(), data.size(), out.data(),
         &length);
    SKYHOOK_CHECK(length == kTagBytes, "HMAC-SHA256 gave {} bytes", length);
    return out;
}

const char* visitorSessionName(VisitorSession session) {
    switch (session) {
        case VisitorSession::Headless:
            return "headless";
        case VisitorSession::NoSession:
            return "no session";
        case VisitorSession::Idle:
            return "idle";
        case VisitorSession::Ready:
            return "ready";
        case VisitorSession::Synchronized:
            return "synchronized";
        case VisitorSession::Visible:
            return "visible";
        case VisitorSession::Focused:
            return "focused";
        case VisitorSession::Stopping:
            return "stopping";
        case VisitorSession::LossPending:
            return "loss pending";
        case VisitorSession::Exiting:
            return "exiting";
        case VisitorSession::Recovering:
            return "recovering";
    }
    return "?";
}

const char* decodeErrorName(DecodeError e) {
    switch (e) {
        case DecodeError::Truncated:
            return "truncated";
        case DecodeError::BadMagic:
            return "bad magic";
        case DecodeError::BadVersion:
            return "unsupported version";
        case DecodeError::BadLength:
            return "bad length";
        case DecodeError::BadType:
            return "unknown message type";
        case DecodeError::BadPayload:
            return "malformed payload";
        case DecodeError::BadTag:
            return "authentication failed (HMAC)";
    }
    return "?";
}

Result<VenueKey> keyFromString(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.remove_suffix(1);
    if (text.size() < 16)
        return Error::make("the venue key has {} characters; it needs at least 16", text.size());
    return VenueKey{std::vector<uint8_t>(text.begin(), text.end())};
}

Result<VenueKey> loadVenueKey(const std::string& path) {
    if (!path.empty()) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return Error::make("{}: cannot read the venue key file", path);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto key = keyFromString(text);
        if (!key) return key.error().context(path);
        return key;
    }
    if (const char* env = std::getenv("SKYHOOK_VENUE_KEY")) {
        auto key = keyFromString(env);
        if (!key) return key.error().context("SKYHOOK_VENUE_KEY");
        return key;
    }
    return Error::make("no venue key: set SKYHOOK_VENUE_KEY or pass --venue-key FILE");
}

std::vector<uint8_t> encode(const Message& message, const VenueKey& key) {
    std::vector<uint8_t> out;
    out.reserve(kHeaderBytes + 128 + kTagBytes);
    Writer w{out};
    const auto type = MessageType(message.payload.index() + 1);
    w.put(kMagic);
    w.put(kVersion);
    w.put(uint8_t(type));
    w.put(uint8_t(0));
    w.put(message.header.sender);
    w.put(uint32_t(payloadBytes(type)));
    w.put(message.header.sequence);
    w.put(message.header.timestamp);
    w.put(uint64_t(0));
    std::visit(
        [&](const auto& p) {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, ClockRequest>) {
                w.put(p.t1);
            } else if constexpr (std::is_same_v<T, ClockReply>) {
                w.put(p.t1), w.put(p.t2), w.put(p.t3);
            } else if constexpr (std::is_same_v<T, ShowState>) {
                w.put(p.masterTime), w.put(p.showTime), w.put(p.rate), w.put(p.cue), w.put(p.seekEpoch);
                w.put<uint8_t>(p.playing ? 1 : 0);
                w.put(p.revision);
            } else if constexpr (std::is_same_v<T, Pose>) {
                w.put(p.visitor);
                putPose(w, p.head);
                for (const WirePose& h : p.hands) putPose(w, h);
            } else if constexpr (std::is_same_v<T, Health>) {
                putHealth(w, p);
            } else {
                w.put(p.visitor);
            }
        },
        message.payload);
    SKYHOOK_CHECK(out.size() == kHeaderBytes + payloadBytes(type), "encoded {} bytes", out.size());
    const auto t = hmacSha256(out, key);
    out.insert(out.end(), t.begin(), t.end());
    return out;
}

std::variant<Message, DecodeError> decode(std::span<const uint8_t> bytes, const VenueKey& key) {
    if (bytes.size() < kHeaderBytes + kTagBytes) return DecodeError::Truncated;
    Reader r{bytes};
    if (r.get<uint32_t>() != kMagic) return DecodeError::BadMagic;
    if (r.get<uint16_t>() != kVersion) return DecodeError::BadVersion;
    const uint8_t type = r.get<uint8_t>();
    const uint8_t flags = r.get<uint8_t>();
    Message m;
    m.header.sender = r.get<uint32_t>();
    const uint32_t length = r.get<uint32_t>();
    m.header.sequence = r.get<uint64_t>();
    m.header.timestamp = r.get<int64_t>();
    const uint64_t reserved = r.get<uint64_t>();
    if (length > kMaxPayloadBytes) return DecodeError::BadLength;
    if (bytes.size() < kHeaderBytes + length + kTagBytes) return DecodeError::Truncated;
    if (bytes.size() > kHeaderBytes + length + kTagBytes) return DecodeError::BadLength;
    // Authenticate before looking at anything the sender controls beyond the framing.
    const auto expected = hmacSha256(bytes.first(kHeaderBytes + length), key);
    if (CRYPTO_memcmp(expected.data(), bytes.data() + kHeaderBytes + length, kTagBytes) != 0)
        return DecodeError::BadTag;
    if (type < 1 || type > kLastType) return DecodeError::BadType;
    m.header.type = MessageType(type);
    if (length != payloadBytes(m.header.type)) return DecodeError::BadLength;
    if (flags != 0 || reserved != 0 || m.header.sender == 0) return DecodeError::BadPayload;
    switch (m.header.type) {
        case MessageType::ClockRequest:
            m.payload = ClockRequest{r.get<int64_t>()};
            break;
        case MessageType::ClockReply: {
            ClockReply c;
            c.t1 = r.get<int64_t>(), c.t2 = r.get<int64_t>(), c.t3 = r.get<int64_t>();
            m.payload = c;
            break;
        }
        case MessageType::ShowState: {
            ShowState s;
            s.masterTime = r.get<int64_t>();
            s.showTime = r.get<double>();
            s.rate = r.get<double>();
            s.cue = r.get<uint32_t>();
            s.seekEpoch = r.get<uint32_t>();
            const uint8_t playing = r.get<uint8_t>();
            s.revision = r.get<uint64_t>();
            if (playing > 1 || !std::isfinite(s.showTime) || !std::isfinite(s.rate) ||
                std::abs(s.rate) > 100.0 || std::abs(s.showTime) > 1e9)
                return DecodeError::BadPayload;
            s.playing = playing == 1;
            m.payload = s;
            break;
        }
        case MessageType::Pose: {
            Pose p;
            p.visitor = r.get<uint32_t>();
            bool ok = getPose(r, p.head);
            for (WirePose& h : p.hands) ok = getPose(r, h) && ok;
            if (!ok || p.visitor == 0) return DecodeError::BadPayload;
            m.payload = p;
            break;
        }
        case MessageType::Goodbye:
            m.payload = Goodbye{r.get<uint32_t>()};
            break;
        case MessageType::Health: {
            Health h;
            if (!getHealth(r, h)) return DecodeError::BadPayload;
            m.payload = h;
            break;
        }
    }
    return m;
}

bool ReplayGuard::accept(uint32_t sender, uint64_t sequence) {
    auto [it, inserted] = m_newest.try_emplace(sender, sequence);
    if (inserted) return true;
    if (sequence <= it->second) return false;
    it->second = sequence;
    return true;
}

uint32_t randomSenderId() {
    uint32_t id = 0;
    while (id == 0)
        SKYHOOK_CHECK(RAND_bytes(reinterpret_cast<unsigned char*>(&id), sizeof id) == 1, "RAND_bytes");
    return id;
}

}  // namespace skyhook::net
