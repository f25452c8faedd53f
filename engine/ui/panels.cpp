#include "engine/ui/panels.hpp"

#include <algorithm>
#include <numeric>

#include <imgui.h>

namespace skyhook::ui {

namespace {

constexpr const char* kDebugViews[] = {"lit", "albedo", "normals", "roughness / metallic", "shadow cascades"};

// The plot's scale: a start-up spike (first frame, pipeline warm-up) must not flatten the rest into the
// floor.
float typicalMax(const std::array<float, Panels::kHistory>& a) {
    std::vector<float> v;
    for (float x : a)
        if (x > 0.0f) v.push_back(x);
    if (v.empty()) return 0.0f;
    auto p90 = v.begin() + std::ptrdiff_t(v.size() * 9 / 10);
    std::nth_element(v.begin(), p90, v.end());
    return *p90;
}

}  // namespace

void drawLog(const LogBuffer& log, float height) {
    auto lines = log.snapshot();
    ImGui::BeginChild("log", ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    if (lines.empty()) ImGui::TextDisabled("no warnings");
    for (const auto& l : lines) {
        ImVec4 c =
            l.level == log::Level::Error ? ImVec4(1.0f, 0.35f, 0.35f, 1.0f) : ImVec4(1.0f, 0.85f, 0.3f, 1.0f);
        ImGui::TextColored(c, "%s", l.text.c_str());
    }
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);  // follow the tail
    ImGui::EndChild();
}

void Panels::draw(render::Renderer& renderer, const gpu::Device& device, const scene::Scene& scene,
                  const FrameInfo& info, const LogBuffer& log) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    // Compact: under half the width so the show stays visible beside it.
    ImGui::SetNextWindowPos(ImVec2(8, 8), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(std::min(380.0f, display.x * 0.45f), std::max(120.0f, display.y - 16.0f)),
                             ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowBgAlpha(0.88f);
    if (!ImGui::Begin("Skyhook console (F1)")) {
        ImGui::End();
        return;
    }
    frameTimes(renderer, info);

    const render::FrameStats& stats = renderer.stats();
    if (ImGui::CollapsingHeader("Render", ImGuiTreeNodeFlags_DefaultOpen)) {
        render::RenderSettings& s = renderer.settings();
        ImGui::SliderFloat("EV bias", &s.exposureBias, -8.0f, 8.0f, "%.2f");
        int debugView = int(std::min<uint32_t>(s.debugView, IM_ARRAYSIZE(kDebugViews) - 1));
        if (ImGui::Combo("view", &debugView, kDebugViews, IM_ARRAYSIZE(kDebugViews)))
            s.debugView = uint32_t(debugView);
        ImGui::Text("instances %llu  draws %u  triangles %llu",
                    static_cast<unsigned long long>(stats.instances), stats.draws,
                    static_cast<unsigned long long>(stats.triangles));
        uint32_t late = renderer.pipelines().createdDuringShow();
        // Streaming: models still loading are not drawn yet; failed ones are the magenta placeholders.
        const render::ModelCounts models = renderer.modelCounts();
        ImGui::Text("models %u/%u loaded", models.loaded, models.total);
        ImGui::SameLine();
        if (models.pending > 0)
            ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.2f, 1.0f), "%u loading", models.pending);
        else
            ImGui::Text("0 loading");
        ImGui::SameLine();
        if (models.failed > 0)
            ImGui::TextColored(ImVec4(1.0f, 0.3f, 1.0f, 1.0f), "%u failed (placeholders)", models.failed);
        else
            ImGui::Text("0 failed");
        ImGui::Text("placeholders %u", renderer.placeholderCount());
        ImGui::SameLine();
        if (late > 0)
            ImGui::TextColored(ImVec4(1.0f, 0.3f, 0.3f, 1.0f), "late pipelines %u", late);
        else
            ImGui::Text("late pipelines 0");
    }

    if (ImGui::CollapsingHeader("GPU passes", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (ImGui::BeginTable("passes", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
            for (const auto& p : stats.gpuPasses) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextUnformatted(p.name.c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::Text("%7.3f ms", p.milliseconds);
            }
            ImGui::EndTable();
        }
    }

    if (ImGui::CollapsingHeader("Device")) {
        const gpu::DeviceInfo& d = device.info();
        ImGui::Text("%s (%s)", d.name.c_str(), d.type.c_str());
        ImGui::Text("driver %s", d.driver.c_str());
        ImGui::Text("Vulkan %u.%u.%u", VK_API_VERSION_MAJOR(d.apiVersion), VK_API_VERSION_MINOR(d.apiVersion),
                    VK_API_VERSION_PATCH(d.apiVersion));
        ImGui::Text("validation messages %llu", static_cast<unsigned long long>(device.validationMessages()));
    }

    if (ImGui::CollapsingHeader("Scene")) sceneTree(scene);

    if (ImGui::CollapsingHeader("Log (warnings, errors)", ImGuiTreeNodeFlags_DefaultOpen)) {
        drawLog(log, 90.0f);
    }
    ImGui::End();
}

void Panels::frameTimes(const render::Renderer& renderer, const FrameInfo& info) {
    const render::FrameStats& stats = renderer.stats();
    double gpuMs = 0.0;
    for (const auto& p : stats.gpuPasses) gpuMs += p.milliseconds;
    m_cpu[m_head] = float(stats.cpuMs);
    m_gpu[m_head] = float(gpuMs);
    m_frame[m_head] = float(info.frameMs);
    m_head = (m_head + 1) % kHistory;

    double fps = info.frameMs > 0.0 ? 1000.0 / info.frameMs : 0.0;
    ImGui::Text("%.1f fps  %.2f ms  %ux%u %s", fps, info.frameMs, info.extent.width, info.extent.height,
                info.presentMode);
    ImGui::Text("camera %.2f %.2f %.2f  %.1f m/s", info.cameraPosition.x, info.cameraPosition.y,
                info.cameraPosition.z, info.cameraSpeed);
    // One scale for both plots so CPU and GPU compare at a glance.
    float top = std::max({typicalMax(m_cpu), typicalMax(m_gpu), 1.0f}) * 1.5f;
    // An explicit width: 1.86's PlotLines shrinks a negative (fill) width to 4 px in a fresh window.
    const ImVec2 plotSize(std::max(60.0f, ImGui::GetContentRegionAvail().x), 40.0f);
    char label[64];
    snprintf(label, sizeof label, "CPU %.2f ms", stats.cpuMs);
    ImGui::PlotLines("##cpu", m_cpu.data(), int(kHistory), int(m_head), label, 0.0f, top, plotSize);
    snprintf(label, sizeof label, "GPU %.2f ms", gpuMs);
    ImGui::PlotLines("##gpu", m_gpu.data(), int(kHistory), int(m_head), label, 0.0f, top, plotSize);
}

void Panels::sceneTree(const scene::Scene& scene) {
    if (m_worldOf != &scene || m_world.size() != scene.nodes.size()) {
        m_world = scene.worldMatrices();
        m_worldOf = &scene;
        m_selected = -1;
    }
    std::vector<std::vector<int32_t>> children(scene.nodes.size());
    std::vector<int32_t> roots;
    for (int32_t i = 0; i < int32_t(scene.nodes.size()); ++i) {
        int32_t p = scene.nodes[i].parent;
        if (p >= 0 && p < int32_t(scene.nodes.size()))
            children[p].push_back(i);
        else
            roots.push_back(i);
    }
    ImGui::BeginChild("tree", ImVec2(0, 120), true);
    for (int32_t r : roots) sceneNode(scene, children, r);
    ImGui::EndChild();
    if (m_selected >= 0 && m_selected < int32_t(m_world.size())) {
        const glm::dvec4& t = m_world[m_selected][3];
        ImGui::Text("%s", scene.nodes[m_selected].name.c_str());
        // Double precision on purpose: real-scale scenes sit kilometres from the origin.
        ImGui::Text("world %.6f %.6f %.6f", t.x, t.y, t.z);
    }
}

void Panels::sceneNode(const scene::Scene& scene, const std::vector<std::vector<int32_t>>& children,
                       int32_t node) {
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth;
    if (children[node].empty()) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
    if (node == m_selected) flags |= ImGuiTreeNodeFlags_Selected;
    const std::string& name = scene.nodes[node].name;
    bool open = ImGui::TreeNodeEx(reinterpret_cast<void*>(intptr_t(node)), flags, "%s",
                                  name.empty() ? "(unnamed)" : name.c_str());
    if (ImGui::IsItemClicked()) m_selected = node;
    if (open && !children[node].empty()) {
        for (int32_t c : children[node]) sceneNode(scene, children, c);
        ImGui::TreePop();
    }
}

}  // namespace skyhook::ui
