#version 460
#define SKYHOOK_MULTIVIEW
#include "common.glsl"
// The mono far field into an eye (RenderSettings::farFieldPixels): the far field's view drew what lies beyond
// the split once, from between the eyes. Beyond the split a point's direction from the eye and from that view
// agree to under the allowed parallax, so each eye pixel takes the far image where its own direction lands
// there (far_field.vert).
layout(set = 1, binding = 3) uniform sampler2DArray farImage;  // the mesh path's task pyramid elsewhere
layout(location = 0) noperspective in vec3 inFarClip;
layout(location = 0) out vec4 outColor;

void main() {
    vec2 uv = inFarClip.xy / inFarClip.z * 0.5 + 0.5;
    outColor = vec4(textureLod(farImage, vec3(uv, 0.0), 0.0).rgb, 1.0);
}
