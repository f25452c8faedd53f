#include "engine/app/xr_shared.hpp"

#include <memory>

namespace skyhook::app {

double DisplayShowTime::at(int64_t displayNs, const net::ClockReport& clock) {
    if (clock.synced) m_follower.setState(clock.state);
    return m_follower.update(displayNs + m_skewNs, clock.offsetNs);
}

XrFrameHook sharedShowHook(SharedShow& show, int64_t clockSkewNs) {
    auto displayed = std::make_shared<DisplayShowTime>(clockSkewNs);
    return {.showTimeAt =
                [&show, displayed](int64_t displayNs) {
                    // The link's own follower runs at "now" for its report (SharedShow::summary).
                    show.showTime();
                    return displayed->at(displayNs, show.link().clock());
                },
            .frame =
                [&show](const xr::InputState& input, const xr::Origin&, XrFrameDraw& draw) {
                    show.link().publishPose(poseFromInput(input));
                    for (const net::RemoteVisitor& r : show.link().remotes())
                        draw.avatars.push_back({r.id, r.pose});
                }};
}

}  // namespace skyhook::app
