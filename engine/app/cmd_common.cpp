#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"
#include "engine/core/log.hpp"

namespace skyhook::app {

int fail(int code, const std::string& message) {
    log::error("skyhook", "{}", message);
    return code;
}

int finishWithValidation(const CommonOptions& common, uint64_t validationMessages) {
    if (common.validation && validationMessages > 0)
        return fail(kExitValidation,
                    fmt::format("{} Vulkan validation message(s); see the log above", validationMessages));
    return kExitOk;
}

}  // namespace skyhook::app
