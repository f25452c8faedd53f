#include "engine/app/commands.hpp"
#include "engine/app/exit_codes.hpp"

namespace skyhook::app {

int runWindow(const CommonOptions&, const RunOptions&) {
    return fail(kExitUsage, "`skyhook run` needs the platform module (not built yet)");
}

}  // namespace skyhook::app
