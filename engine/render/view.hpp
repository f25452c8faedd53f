#pragma once
// Views, not cameras: the renderer draws a ViewSet — N views, each with a pose, a projection, a viewport and
// a target layer. A window, a headless frame, a stereo headset and an LED wall's frusta are all ViewSets.
#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include "engine/gpu/vk.hpp"
#include "engine/render/graph.hpp"

namespace skyhook::render {

struct Projection {
    enum class Kind : uint8_t { Symmetric, OffAxis, Matrix };
    Kind kind = Kind::Symmetric;
    float verticalFov = 0.8726646f;  // radians, Symmetric
    float nearPlane = 0.05f;         // metres; the far plane is at infinity (reversed-Z)
    // OffAxis: tangents of the half-angles (left and bottom negative), as XR runtimes and LED frusta give
    // them.
    float tanLeft = -1.0f, tanRight = 1.0f, tanDown = -1.0f, tanUp = 1.0f;
    glm::mat4 matrix{1.0f};  // Matrix: used as is (must be reversed-Z, Vulkan clip space)
};

struct View {
    std::string name = "main";
    glm::dvec3 position{0.0};                    // world, double precision
    glm::dquat orientation{1.0, 0.0, 0.0, 0.0};  // looks down -Z, +Y up
    Projection projection;
    VkRect2D viewport{{0, 0}, {0, 0}};  // in the target; zero extent = the whole target
    uint32_t targetLayer = 0;           // the layer of RenderTarget::layerViews it is drawn into
    // What a headset's lenses never show (XR_KHR_visibility_mask): triangles, three vertices each, in the
    // view's tangent space (x right, y up, at z = -1). Drawn black and first, so nothing is shaded there.
    std::vector<glm::vec2> hiddenArea;
};

// The image the ViewSet ends in: a swapchain image, an offscreen image, or an XR swapchain image.
struct RenderTarget {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    // An array target (an XR swapchain image): a 2D view of each layer; View::targetLayer picks one. Empty:
    // every view draws into `view`.
    std::vector<VkImageView> layerViews;
    // An array target: a 2D-array view of all its layers, which a multiview pass draws its views into at once
    // (VK_NULL_HANDLE: each view is drawn into its layer on its own).
    VkImageView arrayView = VK_NULL_HANDLE;
    VkFormat format = VK_FORMAT_R8G8B8A8_UNORM;  // UNORM: the tone-mapping pass encodes sRGB itself
    VkExtent2D extent{};
    ImageState initial{};  // the state the image is in now
    ImageState final{};    // the state to leave it in (present, transfer source, ...)
};

struct ViewSet {
    std::vector<View> views;
    RenderTarget target;
};

}  // namespace skyhook::render
