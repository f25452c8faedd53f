#include "engine/app/camera_follow.hpp"

#include "engine/core/log.hpp"

namespace skyhook::app {

bool flying(const platform::FlyInput& input) {
    return input.forward != 0.0 || input.right != 0.0 || input.up != 0.0 || input.lookDx != 0.0 ||
           input.lookDy != 0.0 || input.scroll != 0.0;
}

CameraFollow::CameraFollow(CameraPath path) : m_path(std::move(path)) {
    m_view = m_path.viewAt(0.0);
    m_fly.setPose(m_view.position, m_view.orientation);
    m_following = m_path.animated();
}

render::View CameraFollow::update(const platform::FlyInput& input, bool followAgain, double dt,
                                  double showTime) {
    if (followAgain && m_path.animated() && !m_following) {
        m_following = true;
        log::info("run", "camera '{}' follows its path again", m_path.name());
    }
    if (m_following && flying(input)) {
        m_following = false;
        log::info("run", "free flight from the camera's pose (F2 follows its path again)");
    }
    if (m_following) {
        m_view = m_path.viewAt(showTime);
        m_fly.setPose(m_view.position, m_view.orientation);  // taking over starts from here
        return m_view;
    }
    m_fly.update(input, dt);
    m_view.position = m_fly.position();
    m_view.orientation = m_fly.orientation();
    return m_view;
}

}  // namespace skyhook::app
