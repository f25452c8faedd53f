// Instances as every scene shader and the culling pass see them: stored GpuInstances (32 bytes each) and
// instances generated from GpuInstanceSpans, unpacked to one form. Mirrored on the CPU by
// engine/render/instances.cpp (unpackModel, spanInstance).
vec4 instanceQuat(uint packed0, uint packed1) {
    return normalize(vec4(unpackSnorm2x16(packed0), unpackSnorm2x16(packed1)));
}

mat3 quatToMat3(vec4 q) {
    float x2 = q.x + q.x, y2 = q.y + q.y, z2 = q.z + q.z;
    float xx = q.x * x2, yy = q.y * y2, zz = q.z * z2;
    float xy = q.x * y2, xz = q.x * z2, yz = q.y * z2;
    float wx = q.w * x2, wy = q.w * y2, wz = q.w * z2;
    return mat3(vec3(1.0 - (yy + zz), xy + wz, xz - wy), vec3(xy - wz, 1.0 - (xx + zz), yz + wx),
                vec3(xz + wy, yz - wx, 1.0 - (xx + yy)));
}

// Hamilton product a·b (apply b, then a); quaternions are (x, y, z, w).
vec4 quatMul(vec4 a, vec4 b) {
    return vec4(a.w * b.xyz + b.w * a.xyz + cross(a.xyz, b.xyz), a.w * b.w - dot(a.xyz, b.xyz));
}

vec3 quatRotate(vec4 q, vec3 v) {
    vec3 t = 2.0 * cross(q.xyz, v);
    return v + q.w * t + cross(q.xyz, t);
}

struct InstanceData {
    vec3 position;  // relative to the origin of `cell`
    uint cell;
    vec4 rotation;  // unit quaternion
    float scale;    // uniform (times the shape's per-axis scale)
    uint shape;
};

InstanceData unpackInstance(GpuInstance inst) {
    return InstanceData(inst.position, inst.cell, instanceQuat(inst.rotation0, inst.rotation1), inst.scale,
                        inst.shape);
}

// Instance k of a span: placement at origin + k·step, turned by the placement rotation and the twist about
// +Y, then the base transform.
InstanceData spanInstance(GpuInstanceSpan s, uint k) {
    float fk = float(k);
    vec4 turn = instanceQuat(s.placement0, s.placement1);
    float halfAngle = 0.5 * fk * s.twistStep;
    if (halfAngle != 0.0) turn = quatMul(turn, vec4(0.0, sin(halfAngle), 0.0, cos(halfAngle)));
    vec3 position = s.origin + fk * s.step + quatRotate(turn, s.baseOffset);
    return InstanceData(position, s.cell, quatMul(turn, instanceQuat(s.base0, s.base1)), s.scale, s.shape);
}
