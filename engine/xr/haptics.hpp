#pragma once
// What the controllers' haptics say, as pure logic (unit-tested); actions.hpp sends the pulses through the
// action map's haptic action (xrApplyHapticFeedback). Two uses: the guardian — a hand nearing the play
// area's edge buzzes, faster and stronger as it comes closer, and a hand crossing it gets one strong pulse
// at once — and show cues, pulses a show schedules at a show time ("the engines ignite").
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include <glm/glm.hpp>

#include "engine/xr/action_map.hpp"
#include "engine/xr/venue.hpp"

namespace skyhook::xr {

struct HapticPulse {
    float amplitude = 0.5f;  // 0..1
    double seconds = 0.05;   // 0 or less: the runtime's shortest pulse (XR_MIN_HAPTIC_DURATION)
    float frequency = 0.0f;  // Hz; 0: the runtime's choice (XR_FREQUENCY_UNSPECIFIED)
};

// Which hands a pulse is for.
enum class HapticHands : uint8_t { Left = 1, Right = 2, Both = 3 };
inline bool includes(HapticHands hands, Hand hand) {
    return (uint8_t(hands) & (hand == Hand::Left ? 1u : 2u)) != 0;
}

class GuardianHaptics {
public:
    static constexpr double kRepeatFar = 0.5;   // s between pulses at the guardian's distance from a wall
    static constexpr double kRepeatNear = 0.1;  // s between pulses at the wall (and outside)
    static constexpr double kPulseSeconds = 0.04;
    static constexpr float kCrossingAmplitude = 1.0f;
    static constexpr double kCrossingSeconds = 0.15;

    // Each hand's pulse for this frame, if any: `hands` are the tracked grips in hall coordinates (only x
    // and z count), `now` the time in seconds (any monotonic clock). Inside the bounds and within the
    // guardian's distance of a wall a hand pulses with amplitude 0.2 + 0.8 × closeness, repeating from every
    // kRepeatFar down to kRepeatNear seconds; outside it pulses at full strength every kRepeatNear; the frame
    // a hand crosses out it gets the crossing pulse. The guardian disabled, or no bounds: nothing.
    std::array<std::optional<HapticPulse>, kHandCount> update(
        const Venue& venue, const std::array<std::optional<glm::vec3>, kHandCount>& hands, double now);

private:
    struct HandState {
        bool near = false;  // within the distance or outside at the last update
        bool outside = false;
        double nextAt = 0.0;
    };
    std::array<HandState, kHandCount> m_hands{};
};

// Pulses a show scheduled at show times. A cue fires on the first frame whose show time reaches it (a cue
// already past when added fires on the next frame); each fires once.
class HapticCues {
public:
    struct Cue {
        double showTime = 0.0;
        HapticPulse pulse;
        HapticHands hands = HapticHands::Both;
    };
    void add(const Cue& cue);
    // The cues due at `showTime`, in time order, removed from the schedule.
    std::vector<Cue> due(double showTime);
    size_t pending() const { return m_cues.size(); }
    void clear() { m_cues.clear(); }

private:
    std::vector<Cue> m_cues;  // sorted by show time
};

// The cues a show authors at show times (scene::Scene::haptics), played as show time passes them: a cue fires
// on the first frame whose show time has moved forward across it since the previous frame by at most
// `maxStep` seconds. So a paused show fires nothing, a seek forward jumps over the cues between (no burst of
// buzzes), and a seek back before a cue arms it again: every visitor of a shared show, following one clock,
// feels the same cues at the same moments.
class HapticTimeline {
public:
    explicit HapticTimeline(std::vector<HapticCues::Cue> cues = {}, double maxStep = 0.5);
    // The cues passed since the previous call (in time order); the first call takes those of the `maxStep`
    // before it (a cue at the show's start fires with its first frame).
    std::vector<HapticCues::Cue> due(double showTime);
    size_t size() const { return m_cues.size(); }

private:
    std::vector<HapticCues::Cue> m_cues;  // sorted by show time
    double m_maxStep;
    std::optional<double> m_last;
};

}  // namespace skyhook::xr
