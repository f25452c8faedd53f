#pragma once
// `skyhook run`'s camera. A scene camera with tracks (a flight along the elevator, a dolly) is followed along
// its path at show time, as an audience would see the show; the operator takes over by flying (a fly key,
// mouse look or the wheel), and F2 follows the path again from where it is at that show time. A camera
// without tracks is a free fly camera from the start. Pure logic over CameraPath and FlyCamera (unit-tested).
#include "engine/app/session.hpp"
#include "engine/platform/fly_camera.hpp"
#include "engine/render/view.hpp"

namespace skyhook::app {

class CameraFollow {
public:
    explicit CameraFollow(CameraPath path);

    // This frame's view: the path at `showTime` while following; else the fly camera moved by `input` over
    // `dt` seconds. Fly input stops following (from the pose it had); `followAgain` resumes it.
    render::View update(const platform::FlyInput& input, bool followAgain, double dt, double showTime);

    bool following() const { return m_following; }
    const CameraPath& path() const { return m_path; }
    const platform::FlyCamera& fly() const { return m_fly; }

private:
    CameraPath m_path;
    platform::FlyCamera m_fly;
    render::View m_view;  // the projection and name of the scene camera
    bool m_following = false;
};

// Whether the operator is flying: any fly key, mouse look or wheel (Shift alone is not).
bool flying(const platform::FlyInput& input);

}  // namespace skyhook::app
