// Extension negotiation, swapchain format choice, XrResult classification and the mapping of located views
// to the renderer's views — the parts of engine/xr that need no runtime.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/xr/extension.hpp"
#include "engine/xr/stereo_views.hpp"
#include "engine/xr/swapchain.hpp"
#include "engine/xr/xr_result.hpp"

namespace skyhook::xr {
namespace {

class FakeModule final : public ExtensionModule {
public:
    FakeModule(const char* name, std::vector<ExtensionRequest> requests)
        : m_name(name), m_requests(std::move(requests)) {}
    const char* moduleName() const override { return m_name; }
    std::vector<ExtensionRequest> requests() const override { return m_requests; }

private:
    const char* m_name;
    std::vector<ExtensionRequest> m_requests;
};

TEST(ExtensionNegotiation, EnablesWhatIsOfferedOnceAndTellsEachModule) {
    FakeModule vulkan("vulkan", {{"XR_KHR_vulkan_enable2", true}});
    FakeModule depth("depth", {{"XR_KHR_composition_layer_depth", false}});
    FakeModule mask("mask", {{"XR_KHR_visibility_mask", false}, {"XR_KHR_vulkan_enable2", false}});
    const std::vector<std::string> offered = {"XR_KHR_vulkan_enable2", "XR_KHR_visibility_mask"};
    ExtensionModule* modules[] = {&vulkan, &depth, &mask};
    auto n = negotiateExtensions(offered, modules);
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(n->enabled, (std::vector<std::string>{"XR_KHR_vulkan_enable2", "XR_KHR_visibility_mask"}));
    EXPECT_EQ(n->missingOptional, (std::vector<std::string>{"XR_KHR_composition_layer_depth (depth)"}));
    EXPECT_TRUE(vulkan.active());
    EXPECT_FALSE(depth.active());
    EXPECT_FALSE(depth.enabled("XR_KHR_composition_layer_depth"));
    EXPECT_TRUE(mask.active());
    EXPECT_TRUE(mask.enabled("XR_KHR_visibility_mask"));
}

TEST(ExtensionNegotiation, AMissingRequiredExtensionNamesItAndItsModule) {
    FakeModule vulkan("vulkan_enable2", {{"XR_KHR_vulkan_enable2", true}});
    ExtensionModule* modules[] = {&vulkan};
    const std::vector<std::string> offered = {"XR_KHR_opengl_enable"};
    auto n = negotiateExtensions(offered, modules);
    ASSERT_FALSE(n.ok());
    EXPECT_NE(n.error().message.find("XR_KHR_vulkan_enable2"), std::string::npos) << n.error().message;
    EXPECT_NE(n.error().message.find("vulkan_enable2 module"), std::string::npos) << n.error().message;
}

TEST(SwapchainFormat, PrefersTheRuntimesFirstSrgbFormatWrittenThroughItsUnormView) {
    const std::vector<int64_t> monado = {VK_FORMAT_R16G16B16A16_SFLOAT, VK_FORMAT_R8G8B8A8_UNORM,
                                         VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_SRGB};
    auto f = chooseColorFormat(monado);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->swapchain, VK_FORMAT_B8G8R8A8_SRGB);
    EXPECT_EQ(f->view, VK_FORMAT_B8G8R8A8_UNORM);
    EXPECT_TRUE(f->srgb);
}

TEST(SwapchainFormat, FallsBackToUnormAndSaysColoursAreOff) {
    const std::vector<int64_t> formats = {VK_FORMAT_R16G16B16A16_SFLOAT, VK_FORMAT_R8G8B8A8_UNORM};
    auto f = chooseColorFormat(formats);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->swapchain, VK_FORMAT_R8G8B8A8_UNORM);
    EXPECT_EQ(f->view, VK_FORMAT_R8G8B8A8_UNORM);
    EXPECT_FALSE(f->srgb);
    const std::vector<int64_t> none = {VK_FORMAT_R16G16B16A16_SFLOAT, VK_FORMAT_D32_SFLOAT};
    EXPECT_FALSE(chooseColorFormat(none).has_value());
}

TEST(XrResults, NameTheCallAndTheResultAndClassifyLosses) {
    Result<void> r = check(XR_NULL_HANDLE, XR_ERROR_SESSION_LOST, "xrWaitFrame");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "xrWaitFrame failed: XR_ERROR_SESSION_LOST");
    EXPECT_TRUE(check(XR_NULL_HANDLE, XR_SESSION_LOSS_PENDING, "xrWaitFrame").ok());  // a success code
    EXPECT_EQ(classify(XR_ERROR_SESSION_LOST), Failure::SessionLost);
    EXPECT_EQ(classify(XR_ERROR_INSTANCE_LOST), Failure::InstanceLost);
    EXPECT_EQ(classify(XR_ERROR_RUNTIME_UNAVAILABLE), Failure::NoRuntime);
    EXPECT_EQ(classify(XR_ERROR_FORM_FACTOR_UNAVAILABLE), Failure::NoHeadset);
    EXPECT_EQ(classify(XR_ERROR_VALIDATION_FAILURE), Failure::Other);
    EXPECT_EQ(classify(XR_SUCCESS), Failure::None);
    EXPECT_EQ(resultName(XR_NULL_HANDLE, XrResult(-123456)), "XrResult -123456");
}

TEST(StereoViews, FovAnglesBecomeOffAxisTangents) {
    const XrFovf fov{-0.8f, 0.7f, 0.75f, -0.6f};  // left, right, up, down
    const render::Projection p = projectionFromFov(fov, 0.05f);
    EXPECT_EQ(p.kind, render::Projection::Kind::OffAxis);
    EXPECT_FLOAT_EQ(p.tanLeft, std::tan(-0.8f));
    EXPECT_FLOAT_EQ(p.tanRight, std::tan(0.7f));
    EXPECT_FLOAT_EQ(p.tanUp, std::tan(0.75f));
    EXPECT_FLOAT_EQ(p.tanDown, std::tan(-0.6f));
    EXPECT_FLOAT_EQ(p.nearPlane, 0.05f);
}

TEST(StereoViews, PosesArePlacedByTheOriginInDoublePrecision) {
    // The hall's origin 90,000 km up the elevator, turned 90 degrees left (+Y).
    Origin origin{.position = {0.0, 9.0e7, 0.25},
                  .orientation = glm::angleAxis(glm::radians(90.0), glm::dvec3(0, 1, 0))};
    XrView view{XR_TYPE_VIEW};
    view.pose.orientation = {0, 0, 0, 1};
    view.pose.position = {0.032f, 1.6f, -1.0f};  // right eye, a metre forward of the hall's centre
    view.fov = {-0.7f, 0.7f, 0.7f, -0.7f};
    const render::View v = viewFromXr(view, 1, origin, 0.05f);
    EXPECT_EQ(v.name, "right");
    EXPECT_EQ(v.targetLayer, 1u);
    // Turned left: the hall's forward (-Z) is the scene's -X, its right (+X) the scene's -Z.
    EXPECT_NEAR(v.position.x, -1.0, 1e-6);
    EXPECT_NEAR(v.position.y, 9.0e7 + 1.6, 1e-6);
    EXPECT_NEAR(v.position.z, 0.25 - 0.032, 1e-6);
    const glm::dvec3 forward = v.orientation * glm::dvec3(0, 0, -1);
    EXPECT_NEAR(forward.x, -1.0, 1e-9);
    EXPECT_NEAR(forward.z, 0.0, 1e-9);
}

}  // namespace
}  // namespace skyhook::xr
