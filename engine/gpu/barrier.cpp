#include "engine/gpu/barrier.hpp"

namespace skyhook::gpu {

void memoryBarrier(VkCommandBuffer cmd, VkPipelineStageFlags2 srcStages, VkAccessFlags2 srcAccess,
                   VkPipelineStageFlags2 dstStages, VkAccessFlags2 dstAccess) {
    VkMemoryBarrier2 barrier{.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2,
                             .srcStageMask = srcStages,
                             .srcAccessMask = srcAccess,
                             .dstStageMask = dstStages,
                             .dstAccessMask = dstAccess};
    VkDependencyInfo dep{
        .sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO, .memoryBarrierCount = 1, .pMemoryBarriers = &barrier};
    vkCmdPipelineBarrier2(cmd, &dep);
}

}  // namespace skyhook::gpu
