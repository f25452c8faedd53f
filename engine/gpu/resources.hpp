#pragma once
// RAII buffers, images and samplers. Destruction never happens on the spot: the object is retired to the
// Device and freed once every submission that could use it has completed (frame-deferred destruction).
#include <cstdint>
#include <string>
#include <utility>

#include "engine/core/result.hpp"
#include "engine/gpu/device.hpp"

VK_DEFINE_HANDLE(VmaAllocation)

namespace skyhook::gpu {

enum class MemoryUsage : uint8_t {
    GpuOnly,   // device-local
    Upload,    // host-visible, persistently mapped, written sequentially by the CPU
    Readback,  // host-visible, cached, persistently mapped, read by the CPU
};

struct BufferDesc {
    std::string debugName;
    VkDeviceSize size = 0;
    VkBufferUsageFlags usage = 0;
    MemoryUsage memory = MemoryUsage::GpuOnly;
};

class Buffer {
public:
    Buffer() = default;
    static Result<Buffer> create(Device& device, const BufferDesc& desc);
    Buffer(Buffer&& o) noexcept { *this = std::move(o); }
    Buffer& operator=(Buffer&& o) noexcept;
    ~Buffer() { reset(); }

    void reset();  // retires the buffer (frame-deferred)
    VkBuffer vk() const { return m_buffer; }
    VkDeviceSize size() const { return m_size; }
    VkDeviceAddress address() const { return m_address; }  // 0 unless usage had SHADER_DEVICE_ADDRESS
    void* mapped() const { return m_mapped; }              // non-null for Upload and Readback
    explicit operator bool() const { return m_buffer != VK_NULL_HANDLE; }
    // Makes CPU writes visible / GPU writes readable for non-coherent memory.
    void flush(VkDeviceSize offset = 0, VkDeviceSize size = VK_WHOLE_SIZE) const;
    void invalidate(VkDeviceSize offset = 0, VkDeviceSize size = VK_WHOLE_SIZE) const;

private:
    Device* m_device = nullptr;
    VkBuffer m_buffer = VK_NULL_HANDLE;
    VmaAllocation m_allocation = VK_NULL_HANDLE;
    VkDeviceSize m_size = 0;
    VkDeviceAddress m_address = 0;
    void* m_mapped = nullptr;
};

struct ImageDesc {
    std::string debugName;
    VkFormat format = VK_FORMAT_R8G8B8A8_UNORM;
    VkExtent2D extent{1, 1};
    uint32_t mipLevels = 1;
    uint32_t layers = 1;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    VkImageUsageFlags usage = VK_IMAGE_USAGE_SAMPLED_BIT;
    bool arrayView = false;  // view as 2D array even with one layer
};

// Whether two descriptions make interchangeable images (names aside).
bool sameShape(const ImageDesc& a, const ImageDesc& b);

VkImageAspectFlags aspectOf(VkFormat format);

class Image {
public:
    Image() = default;
    static Result<Image> create(Device& device, const ImageDesc& desc);
    Image(Image&& o) noexcept { *this = std::move(o); }
    Image& operator=(Image&& o) noexcept;
    ~Image() { reset(); }

    void reset();
    VkImage vk() const { return m_image; }
    VkImageView view() const { return m_view; }  // all mips and layers; null for transfer-only images
    // A view of one mip level and one layer (render targets of mip chains and array layers); cached.
    VkImageView subView(uint32_t mip, uint32_t layer);
    const ImageDesc& desc() const { return m_desc; }
    VkFormat format() const { return m_desc.format; }
    VkExtent2D extent() const { return m_desc.extent; }
    VkImageAspectFlags aspect() const { return aspectOf(m_desc.format); }
    explicit operator bool() const { return m_image != VK_NULL_HANDLE; }

private:
    Device* m_device = nullptr;
    VkImage m_image = VK_NULL_HANDLE;
    VmaAllocation m_allocation = VK_NULL_HANDLE;
    VkImageView m_view = VK_NULL_HANDLE;
    std::vector<VkImageView> m_subViews;  // mip-major: [mip * layers + layer]
    ImageDesc m_desc;
};

struct SamplerDesc {
    std::string debugName;
    VkFilter filter = VK_FILTER_LINEAR;
    VkSamplerAddressMode address = VK_SAMPLER_ADDRESS_MODE_REPEAT;
    float maxAnisotropy = 8.0f;  // 1 disables
    bool compare = false;        // depth comparison (shadow maps), reversed-Z: GREATER_OR_EQUAL
};

class Sampler {
public:
    Sampler() = default;
    static Result<Sampler> create(Device& device, const SamplerDesc& desc);
    Sampler(Sampler&& o) noexcept { *this = std::move(o); }
    Sampler& operator=(Sampler&& o) noexcept;
    ~Sampler() { reset(); }
    void reset();
    VkSampler vk() const { return m_sampler; }
    explicit operator bool() const { return m_sampler != VK_NULL_HANDLE; }

private:
    Device* m_device = nullptr;
    VkSampler m_sampler = VK_NULL_HANDLE;
};

}  // namespace skyhook::gpu
