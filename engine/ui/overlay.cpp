#include "engine/ui/overlay.hpp"

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_vulkan.h>

#include "engine/core/log.hpp"
#include "engine/gpu/frame.hpp"

namespace skyhook::ui {

namespace {

// ImGui's backend cannot return errors; a failing call there is logged (the device-lost path reports it
// again).
void checkVk(VkResult r) {
    if (r != VK_SUCCESS) log::error("ui", "ImGui Vulkan backend: {}", gpu::vkResultName(r));
}

}  // namespace

Result<std::unique_ptr<Overlay>> Overlay::create(const OverlayDesc& desc) {
    SKYHOOK_CHECK(desc.device && desc.window, "Overlay needs a device and a window");
    std::unique_ptr<Overlay> o(new Overlay(desc));
    SKYHOOK_TRY(o->init());
    return o;
}

Result<void> Overlay::init() {
    gpu::Device& device = *m_desc.device;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    m_imguiContext = true;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini in the working directory: the console's layout is fixed
    ImGui::StyleColorsDark();
    ImGui::GetStyle().WindowRounding = 2.0f;
    if (!ImGui_ImplGlfw_InitForVulkan(m_desc.window->handle(), true))
        return Error::make("ImGui: cannot initialise the GLFW backend");
    m_glfwBackend = true;

    // The font texture needs one combined image sampler; a little headroom for images shown in panels.
    VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 16}};
    VkDescriptorPoolCreateInfo poolInfo{.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
                                        .flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT,
                                        .maxSets = 16,
                                        .poolSizeCount = 1,
                                        .pPoolSizes = sizes};
    SKYHOOK_VK_TRY(vkCreateDescriptorPool(device.vk(), &poolInfo, nullptr, &m_pool));
    device.setName(m_pool, VK_OBJECT_TYPE_DESCRIPTOR_POOL, "imgui.descriptors");

    // The graph's barrier leaves the target in COLOR_ATTACHMENT_OPTIMAL with its writes visible to
    // colour-attachment access, so the render pass neither transitions nor clears: it loads what tone mapping
    // wrote.
    VkAttachmentDescription color{.format = m_desc.format,
                                  .samples = VK_SAMPLE_COUNT_1_BIT,
                                  .loadOp = VK_ATTACHMENT_LOAD_OP_LOAD,
                                  .storeOp = VK_ATTACHMENT_STORE_OP_STORE,
                                  .stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE,
                                  .stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE,
                                  .initialLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                  .finalLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkAttachmentReference ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkSubpassDescription subpass{.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS,
                                 .colorAttachmentCount = 1,
                                 .pColorAttachments = &ref};
    constexpr VkAccessFlags kColorRw =
        VK_ACCESS_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    VkSubpassDependency deps[] = {
        {VK_SUBPASS_EXTERNAL, 0, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
         VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT, kColorRw, 0},
        {0, VK_SUBPASS_EXTERNAL, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
         VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT, kColorRw, 0},
    };
    VkRenderPassCreateInfo rpInfo{.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO,
                                  .attachmentCount = 1,
                                  .pAttachments = &color,
                                  .subpassCount = 1,
                                  .pSubpasses = &subpass,
                                  .dependencyCount = 2,
                                  .pDependencies = deps};
    SKYHOOK_VK_TRY(vkCreateRenderPass(device.vk(), &rpInfo, nullptr, &m_renderPass));
    device.setName(m_renderPass, VK_OBJECT_TYPE_RENDER_PASS, "imgui.renderpass");

    // ImGui rings its vertex buffers over ImageCount frames and replaces a too-small one on the spot, so the
    // ring must be longer than the frames in flight for the old buffer to be idle.
    uint32_t ring = std::max(m_desc.imageCount, gpu::FrameRing::kFramesInFlight + 1);
    ImGui_ImplVulkan_InitInfo info{};
    info.Instance = device.instance();
    info.PhysicalDevice = device.physical();
    info.Device = device.vk();
    info.QueueFamily = device.queueFamily();
    info.Queue = device.queue();
    info.PipelineCache = VK_NULL_HANDLE;
    info.DescriptorPool = m_pool;
    info.Subpass = 0;
    info.MinImageCount = std::max(2u, std::min(m_desc.imageCount, ring));
    info.ImageCount = ring;
    info.MSAASamples = VK_SAMPLE_COUNT_1_BIT;
    info.Allocator = nullptr;
    info.CheckVkResultFn = checkVk;
    if (!ImGui_ImplVulkan_Init(&info, m_renderPass))
        return Error::make("ImGui: cannot initialise the Vulkan backend");
    m_vulkanBackend = true;

    // Fonts: one upload at start-up; waiting for it here is outside the steady state.
    {
        gpu::OneShot shot(device);
        if (!ImGui_ImplVulkan_CreateFontsTexture(shot.cmd()))
            return Error::make("ImGui: cannot build the font texture");
        auto value = shot.submit();
        if (!value) return value.error().context("uploading the ImGui font");
        SKYHOOK_TRY(device.waitFor(*value));
        ImGui_ImplVulkan_DestroyFontUploadObjects();
    }
    log::debug("ui", "overlay ready ({} frames of ImGui buffers)", ring);
    return {};
}

Overlay::~Overlay() {
    gpu::Device& device = *m_desc.device;
    // ImGui's backend destroys its pipeline and buffers on the spot: shutdown only, so wait for the device.
    if (m_vulkanBackend) {
        device.waitIdle();
        ImGui_ImplVulkan_Shutdown();
    }
    if (m_glfwBackend) ImGui_ImplGlfw_Shutdown();
    if (m_imguiContext) ImGui::DestroyContext();
    retireFramebuffers();
    VkDevice d = device.vk();
    device.retire([d, rp = m_renderPass, pool = m_pool] {
        if (rp) vkDestroyRenderPass(d, rp, nullptr);
        if (pool) vkDestroyDescriptorPool(d, pool, nullptr);
    });
}

bool Overlay::wantsMouse() const {
    return m_visible && m_frameStarted && ImGui::GetIO().WantCaptureMouse;
}
bool Overlay::wantsKeyboard() const {
    return m_visible && m_frameStarted && ImGui::GetIO().WantCaptureKeyboard;
}

void Overlay::buildFrame(render::Renderer& renderer, const scene::Scene& scene, const FrameInfo& info) {
    buildFrame([&] { m_panels.draw(renderer, *m_desc.device, scene, info, m_log); });
}

void Overlay::buildFrame(const std::function<void()>& draw) {
    // Always run an ImGui frame, even hidden, so its input queue drains and its timers stay sane.
    ImGui_ImplVulkan_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    m_frameStarted = true;
    if (m_visible) draw();
    ImGui::Render();
}

void Overlay::addPass(render::RenderGraph& graph, render::ImageId target) {
    ImDrawData* data = ImGui::GetDrawData();
    if (!m_visible || !data || data->CmdListsCount == 0) return;
    graph.addPass("imgui", [this, target](render::PassBuilder& b) -> render::RecordFn {
        b.write(target, render::Access::ColorAttachment);
        return [this, target](render::PassContext& ctx) {
            VkExtent2D extent = ctx.desc(target).extent;
            auto fb = framebufferFor(ctx.view(target), extent);
            if (!fb) {
                log::error("ui", "overlay not drawn: {}", fb.error().message);
                return;
            }
            VkRenderPassBeginInfo begin{.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO,
                                        .renderPass = m_renderPass,
                                        .framebuffer = *fb,
                                        .renderArea = {{0, 0}, extent}};
            vkCmdBeginRenderPass(ctx.cmd, &begin, VK_SUBPASS_CONTENTS_INLINE);
            ImGui_ImplVulkan_RenderDrawData(ImGui::GetDrawData(), ctx.cmd);
            vkCmdEndRenderPass(ctx.cmd);
        };
    });
}

Result<VkFramebuffer> Overlay::framebufferFor(VkImageView view, VkExtent2D extent) {
    if (extent.width != m_framebufferExtent.width || extent.height != m_framebufferExtent.height) {
        retireFramebuffers();
        m_framebufferExtent = extent;
    }
    for (const auto& [v, fb] : m_framebuffers)
        if (v == view) return fb;
    VkFramebufferCreateInfo info{.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO,
                                 .renderPass = m_renderPass,
                                 .attachmentCount = 1,
                                 .pAttachments = &view,
                                 .width = extent.width,
                                 .height = extent.height,
                                 .layers = 1};
    VkFramebuffer fb = VK_NULL_HANDLE;
    SKYHOOK_VK_TRY(vkCreateFramebuffer(m_desc.device->vk(), &info, nullptr, &fb));
    m_desc.device->setName(fb, VK_OBJECT_TYPE_FRAMEBUFFER,
                           fmt::format("imgui.framebuffer{}", m_framebuffers.size()));
    m_framebuffers.emplace_back(view, fb);
    return fb;
}

void Overlay::retireFramebuffers() {
    if (m_framebuffers.empty()) return;
    VkDevice d = m_desc.device->vk();
    m_desc.device->retire([d, fbs = std::move(m_framebuffers)] {
        for (const auto& [view, fb] : fbs) vkDestroyFramebuffer(d, fb, nullptr);
    });
    m_framebuffers.clear();
}

void Overlay::onSwapchainRecreated(uint32_t imageCount) {
    // View handles of the old swapchain may be reused by the new one: never match against them again.
    retireFramebuffers();
    m_desc.imageCount = imageCount;
}

}  // namespace skyhook::ui
