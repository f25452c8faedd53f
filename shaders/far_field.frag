#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
// The mono far field into an eye (RenderSettings::farFieldPixels): the far field's view (pc.params.y) drew
// what lies beyond the split once, from between the eyes. Beyond the split a point's direction from the eye
// and from that view agree to under the allowed parallax, so each eye pixel takes the far image where its
// own direction lands there: the two views' rotations and projections map a direction (w = 0: no
// translation) from one to the other.
layout(set = 1, binding = 3) uniform sampler2DArray farImage;  // the mesh path's task pyramid elsewhere
layout(location = 0) out vec4 outColor;

void main() {
    vec2 ndc = gl_FragCoord.xy * VIEW.viewport.zw * 2.0 - 1.0;
    vec4 direction = VIEW.invViewProj * vec4(ndc, 0.0, 1.0);  // depth 0: infinitely far (reversed-Z)
    vec4 clip = FRAME.views[uint(pc.params.y)].viewProj * vec4(direction.xyz, 0.0);
    vec2 uv = clip.xy / clip.w * 0.5 + 0.5;
    outColor = vec4(textureLod(farImage, vec3(uv, 0.0), 0.0).rgb, 1.0);
}
