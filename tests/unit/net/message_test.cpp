// The venue wire format: round trips, every rejection path, and fuzzing (never a crash, only a value or a
// DecodeError).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "engine/net/message.hpp"
#include "tests/unit/mutate.hpp"

namespace skyhook::net {
namespace {

VenueKey key() {
    return *keyFromString("hall-a venue key 0123456789");
}

Message sample(Payload payload) {
    return {.header = {.sender = 0x1234abcd, .sequence = 42, .timestamp = 987654321}, .payload = payload};
}

Pose samplePose() {
    Pose p;
    p.visitor = 0x1234abcd;
    p.head = {.position = {0.25f, 1.7f, -2.5f},
              .orientation = {0.0f, 0.38268343f, 0.0f, 0.92387953f},
              .valid = true};
    p.hands[0] = {.position = {-0.2f, 1.3f, -0.5f}, .orientation = {0.0f, 0.0f, 0.0f, 1.0f}, .valid = true};
    p.hands[1] = {};  // not tracked
    return p;
}

Health sampleHealth() {
    return {.session = VisitorSession::Focused,
            .synced = true,
            .framesSubmitted = 90'000,
            .lateFrames = 3,
            .recoveries = 1,
            .frameRate = 89.9f,
            .offsetNs = -1'300'000'000,
            .roundTripNs = 150'000,
            .showErrorMs = 0.08f,
            .revision = 7};
}

std::vector<Payload> allPayloads() {
    return {ClockRequest{123},
            ClockReply{1, 2, 3},
            ShowState{.masterTime = 77,
                      .showTime = 12.5,
                      .rate = 1.0,
                      .playing = true,
                      .cue = 3,
                      .seekEpoch = 2,
                      .revision = 0x0102030405060708ull},
            samplePose(),
            Goodbye{0x1234abcd},
            sampleHealth()};
}

// Where a Health field sits in an encoded message (header, then the fields in order).
constexpr size_t kHealthAt = kHeaderBytes;
constexpr size_t kHealthSession = kHealthAt, kHealthSynced = kHealthAt + 1, kHealthRate = kHealthAt + 22,
                 kHealthRoundTrip = kHealthAt + 34, kHealthError = kHealthAt + 42;

// Re-signs a tampered message, so the checks behind the HMAC are reached.
void resign(std::vector<uint8_t>& bytes) {
    const auto t = hmacSha256(std::span(bytes).first(bytes.size() - kTagBytes), key());
    std::memcpy(bytes.data() + bytes.size() - kTagBytes, t.data(), kTagBytes);
}

DecodeError errorOf(const std::vector<uint8_t>& bytes) {
    auto r = decode(bytes, key());
    EXPECT_TRUE(std::holds_alternative<DecodeError>(r));
    return std::holds_alternative<DecodeError>(r) ? std::get<DecodeError>(r) : DecodeError::BadPayload;
}

TEST(NetMessage, RoundTripsEveryType) {
    for (const Payload& payload : allPayloads()) {
        const Message m = sample(payload);
        const auto bytes = encode(m, key());
        auto r = decode(bytes, key());
        ASSERT_TRUE(std::holds_alternative<Message>(r)) << decodeErrorName(std::get<DecodeError>(r));
        const Message& back = std::get<Message>(r);
        EXPECT_EQ(back.header.sender, m.header.sender);
        EXPECT_EQ(back.header.sequence, 42u);
        EXPECT_EQ(back.header.timestamp, 987654321);
        EXPECT_EQ(int(back.header.type), int(payload.index() + 1));
        EXPECT_EQ(back.payload.index(), payload.index());
    }
    const auto bytes = encode(sample(samplePose()), key());
    const Pose back = std::get<Pose>(std::get<Message>(decode(bytes, key())).payload);
    const Pose sent = samplePose();
    EXPECT_EQ(back.head.position, sent.head.position);  // bit-exact floats
    EXPECT_EQ(back.head.orientation, sent.head.orientation);
    EXPECT_TRUE(back.head.valid);
    EXPECT_EQ(back.hands[0].position, sent.hands[0].position);
    EXPECT_FALSE(back.hands[1].valid);
    const ShowState s = std::get<ShowState>(
        std::get<Message>(decode(encode(sample(allPayloads()[2]), key()), key())).payload);
    EXPECT_EQ(s.showTime, 12.5);
    EXPECT_TRUE(s.playing);
    EXPECT_EQ(s.cue, 3u);
    EXPECT_EQ(s.seekEpoch, 2u);
    EXPECT_EQ(s.revision, 0x0102030405060708ull);
    const Health h =
        std::get<Health>(std::get<Message>(decode(encode(sample(sampleHealth()), key()), key())).payload);
    EXPECT_TRUE(h == sampleHealth());  // every field, floats bit-exact
    EXPECT_EQ(h.session, VisitorSession::Focused);
    EXPECT_EQ(h.offsetNs, -1'300'000'000);
}

TEST(NetMessage, RejectsMalformedHealth) {
    const auto good = encode(sample(sampleHealth()), key());
    auto tampered = [&](size_t at, const void* value, size_t size) {
        auto bytes = good;
        std::memcpy(bytes.data() + at, value, size);
        resign(bytes);  // authenticated: only the field check can refuse it
        return errorOf(bytes);
    };
    const uint8_t badSession = kVisitorSessionCount, badFlag = 2;
    EXPECT_EQ(tampered(kHealthSession, &badSession, 1), DecodeError::BadPayload);
    EXPECT_EQ(tampered(kHealthSynced, &badFlag, 1), DecodeError::BadPayload);
    for (float rate :
         {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(), -1.0f, 20000.0f})
        EXPECT_EQ(tampered(kHealthRate, &rate, 4), DecodeError::BadPayload) << rate;
    for (int64_t rtt : {int64_t(-1), int64_t(61'000'000'000)})
        EXPECT_EQ(tampered(kHealthRoundTrip, &rtt, 8), DecodeError::BadPayload) << rtt;
    const float nan = std::numeric_limits<float>::quiet_NaN();
    EXPECT_EQ(tampered(kHealthError, &nan, 4), DecodeError::BadPayload);
    // The offsets above hit the fields they name: in-range values there decode.
    const float rate = 72.0f;
    auto fine = good;
    std::memcpy(fine.data() + kHealthRate, &rate, 4);
    resign(fine);
    ASSERT_TRUE(std::holds_alternative<Message>(decode(fine, key())));
    EXPECT_EQ(std::get<Health>(std::get<Message>(decode(fine, key())).payload).frameRate, 72.0f);
    const uint8_t headless = uint8_t(VisitorSession::Headless);
    auto session = good;
    session[kHealthSession] = headless;
    resign(session);
    EXPECT_EQ(std::get<Health>(std::get<Message>(decode(session, key())).payload).session,
              VisitorSession::Headless);
}

TEST(NetMessage, RejectsTruncatedAndOverlong) {
    const auto good = encode(sample(samplePose()), key());
    EXPECT_EQ(errorOf({}), DecodeError::Truncated);
    for (size_t n : {size_t(1), kHeaderBytes - 1, kHeaderBytes + kTagBytes, good.size() - 1})
        EXPECT_EQ(errorOf(std::vector<uint8_t>(good.begin(), good.begin() + long(n))), DecodeError::Truncated)
            << n;
    auto longer = good;
    longer.push_back(0);
    EXPECT_EQ(errorOf(longer), DecodeError::BadLength);
}

TEST(NetMessage, RejectsBadMagicVersionLengthTypeAndPayload) {
    auto bytes = encode(sample(ClockRequest{1}), key());
    auto magic = bytes;
    magic[0] ^= 0xff;
    EXPECT_EQ(errorOf(magic), DecodeError::BadMagic);
    for (uint8_t other : {uint8_t(kVersion - 1), uint8_t(kVersion + 1)}) {  // version 1 had no revision
        auto version = bytes;
        version[4] = other;
        resign(version);
        EXPECT_EQ(errorOf(version), DecodeError::BadVersion) << int(other);
    }
    auto huge = bytes;
    const uint32_t big = 1u << 30;
    std::memcpy(huge.data() + 12, &big, 4);
    EXPECT_EQ(errorOf(huge), DecodeError::BadLength);
    auto type = bytes;
    type[6] = uint8_t(MessageType::Health) + 1;
    resign(type);
    EXPECT_EQ(errorOf(type), DecodeError::BadType);
    auto wrongType = bytes;  // a ClockRequest's 8 bytes labelled as a ClockReply (24)
    wrongType[6] = uint8_t(MessageType::ClockReply);
    resign(wrongType);
    EXPECT_EQ(errorOf(wrongType), DecodeError::BadLength);

    auto pose = encode(sample(samplePose()), key());
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(pose.data() + kHeaderBytes + 4 + 1, &nan, 4);  // head.position.x
    resign(pose);
    EXPECT_EQ(errorOf(pose), DecodeError::BadPayload);
    Pose notUnit = samplePose();
    notUnit.head.orientation = {0.0f, 0.0f, 0.0f, 2.0f};
    EXPECT_EQ(errorOf(encode(sample(notUnit), key())), DecodeError::BadPayload);
    EXPECT_EQ(errorOf(encode({.header = {.sender = 0}, .payload = ClockRequest{1}}, key())),
              DecodeError::BadPayload);
}

TEST(NetMessage, RejectsUnauthenticated) {
    const auto bytes = encode(sample(samplePose()), key());
    auto other = decode(bytes, *keyFromString("another hall's key, not ours"));
    ASSERT_TRUE(std::holds_alternative<DecodeError>(other));
    EXPECT_EQ(std::get<DecodeError>(other), DecodeError::BadTag);
    for (size_t i : {size_t(8), size_t(20), kHeaderBytes + 10, bytes.size() - 1}) {  // any changed byte
        auto tampered = bytes;
        tampered[i] ^= 0x01;
        EXPECT_EQ(errorOf(tampered), DecodeError::BadTag) << i;
    }
}

TEST(NetMessage, ReplayGuardRejectsOldSequences) {
    ReplayGuard guard;
    EXPECT_TRUE(guard.accept(7, 1));
    EXPECT_TRUE(guard.accept(7, 2));
    EXPECT_FALSE(guard.accept(7, 2));  // the same message again
    EXPECT_FALSE(guard.accept(7, 1));  // an older one
    EXPECT_TRUE(guard.accept(8, 1));   // senders are independent
    EXPECT_TRUE(guard.accept(7, 10));  // gaps are fine (lost or unsent)
    guard.forget(7);
    EXPECT_TRUE(guard.accept(7, 1));
}

TEST(NetMessage, VenueKeys) {
    EXPECT_FALSE(keyFromString("short"));
    EXPECT_TRUE(keyFromString("sixteen chars ok\n"));
    EXPECT_FALSE(loadVenueKey("/nonexistent/venue.key"));
}

TEST(NetMessage, FuzzedMessagesNeverCrash) {
    std::mt19937 rng(20261124);
    size_t accepted = 0;
    for (const Payload& payload : allPayloads()) {
        const auto good = encode(sample(payload), key());
        const std::string original(good.begin(), good.end());
        for (int i = 0; i < 3000; ++i) {
            const std::string m = test::mutate(original, rng);
            std::vector<uint8_t> bytes(m.begin(), m.end());
            (void)decode(bytes, key());  // unsigned: stops at the HMAC (or earlier)
            if (bytes.size() >= kHeaderBytes + kTagBytes) {
                resign(bytes);  // signed: reaches the type, length and payload checks
                auto r = decode(bytes, key());
                if (auto* e = std::get_if<DecodeError>(&r))
                    EXPECT_NE(decodeErrorName(*e), nullptr);
                else
                    ++accepted;
            }
        }
    }
    EXPECT_GT(accepted, 0u);  // some mutations keep a valid message (e.g. changed float bits)
}

}  // namespace
}  // namespace skyhook::net
