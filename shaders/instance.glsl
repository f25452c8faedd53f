// Unpacking of GpuInstance rotations, shared by the scene shaders and the culling pass (and mirrored on the
// CPU by engine/render/instances.cpp).
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
