#pragma once
// The venue wire format, version 2: every message is a 40-byte header, a payload and a 32-byte
// HMAC-SHA256 tag (OpenSSL) over header and payload with the venue key. Little-endian, no padding.
//   header: magic "SKYN" (u32) · version (u16) · type (u8) · flags (u8, 0) · sender (u32) · payload bytes
//           (u32) · sequence (u64) · timestamp (i64, ns of the sender's steady clock) · reserved (u64, 0)
// decode() never trusts a length: each failure is a DecodeError naming the reason; nothing throws or
// aborts. A ReplayGuard per receiver rejects a sequence number already seen from the same sender.
// Version 2 added ShowState::revision (states are ordered, pushed at once) and the Health message; a peer of
// another version is rejected as "unsupported version" (every machine of a hall runs the same build).
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "engine/core/result.hpp"

namespace skyhook::net {

inline constexpr uint32_t kMagic = 0x4e594b53;  // "SKYN"
inline constexpr uint16_t kVersion = 2;
inline constexpr size_t kHeaderBytes = 40;
inline constexpr size_t kTagBytes = 32;
inline constexpr size_t kMaxPayloadBytes = 1024;

enum class MessageType : uint8_t {
    ClockRequest = 1,
    ClockReply = 2,
    ShowState = 3,
    Pose = 4,
    Goodbye = 5,
    Health = 6,
};

// The shared venue key (any length; at least 16 bytes). From SKYHOOK_VENUE_KEY or a key file.
struct VenueKey {
    std::vector<uint8_t> bytes;
};
Result<VenueKey> keyFromString(std::string_view text);
// `path` if given, else the environment variable SKYHOOK_VENUE_KEY.
Result<VenueKey> loadVenueKey(const std::string& path);

struct Header {
    MessageType type = MessageType::Goodbye;
    uint32_t sender = 0;
    uint64_t sequence = 0;
    int64_t timestamp = 0;
};

struct ClockRequest {
    int64_t t1 = 0;  // visitor's clock when sent
};
struct ClockReply {
    int64_t t1 = 0;  // echoed
    int64_t t2 = 0;  // master's clock when the request arrived
    int64_t t3 = 0;  // master's clock when the reply left
};
struct ShowState {
    int64_t masterTime = 0;  // master's clock at which showTime holds
    double showTime = 0.0;   // seconds
    double rate = 1.0;
    bool playing = false;
    uint32_t cue = 0;
    uint32_t seekEpoch = 0;  // counts explicit seeks: followers jump (even backwards) only when it changes
    uint64_t revision = 0;   // counts every change of the master's clock (play, pause, seek, rate, cue): a
                             // follower never takes a lower revision from the master it follows
};
struct WirePose {
    std::array<float, 3> position{};
    std::array<float, 4> orientation{0.0f, 0.0f, 0.0f, 1.0f};  // x, y, z, w
    bool valid = false;
};
struct Pose {
    WirePose head;
    std::array<WirePose, 2> hands{};  // left, right (grip)
    uint32_t visitor = 0;             // the visitor this pose belongs to (relayed by the master)
};
struct Goodbye {
    uint32_t visitor = 0;
};

// What a visitor's headset session is doing: engine/xr's session states, plus a visitor without a headset
// (`skyhook visitor`), one whose session is gone, and one recovering a lost session or instance.
enum class VisitorSession : uint8_t {
    Headless,
    NoSession,
    Idle,
    Ready,
    Synchronized,
    Visible,
    Focused,
    Stopping,
    LossPending,
    Exiting,
    Recovering,
};
inline constexpr uint8_t kVisitorSessionCount = 11;
const char* visitorSessionName(VisitorSession session);

// A visitor's health, sent to the master (never relayed) with its heartbeat traffic: every health interval,
// and at once when it displays a new show-state revision (the master sees every visitor take a change).
struct Health {
    VisitorSession session = VisitorSession::Headless;
    bool synced = false;  // a clock reply and a show state have arrived
    uint64_t framesSubmitted = 0;
    uint64_t lateFrames = 0;   // frames not submitted because they would have been late
    uint32_t recoveries = 0;   // lost sessions or instances recovered
    float frameRate = 0.0f;    // frames submitted per second, over the last second or so
    int64_t offsetNs = 0;      // clock offset estimate (master − local)
    int64_t roundTripNs = 0;   // of the clock exchange the estimate comes from
    float showErrorMs = 0.0f;  // master's show time − displayed show time, at the last frame
    uint64_t revision = 0;     // the show-state revision displayed
    bool operator==(const Health&) const = default;
};

using Payload = std::variant<ClockRequest, ClockReply, ShowState, Pose, Goodbye, Health>;

struct Message {
    Header header;
    Payload payload;
};

enum class DecodeError : uint8_t { Truncated, BadMagic, BadVersion, BadLength, BadType, BadPayload, BadTag };
const char* decodeErrorName(DecodeError e);

std::vector<uint8_t> encode(const Message& message, const VenueKey& key);
// HMAC-SHA256 of `data` with the key (OpenSSL); the tag encode() appends.
std::array<uint8_t, kTagBytes> hmacSha256(std::span<const uint8_t> data, const VenueKey& key);
// The message, or why it was rejected.
std::variant<Message, DecodeError> decode(std::span<const uint8_t> bytes, const VenueKey& key);

// Rejects a (sender, sequence) already seen or older than the newest from that sender (the transport keeps
// order per sender). A restarted peer picks a new random sender id.
class ReplayGuard {
public:
    bool accept(uint32_t sender, uint64_t sequence);
    void forget(uint32_t sender) { m_newest.erase(sender); }

private:
    std::unordered_map<uint32_t, uint64_t> m_newest;
};

// A random non-zero sender id (OpenSSL's RAND_bytes).
uint32_t randomSenderId();

}  // namespace skyhook::net
