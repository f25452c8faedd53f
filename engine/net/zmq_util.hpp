#pragma once
// Small ZeroMQ helpers shared by the master and the visitor link (private to engine/net).
#include <cstdint>
#include <string>
#include <vector>

#include <zmq.h>

namespace skyhook::net {

struct Received {
    bool ok = false;
    std::string identity;  // ROUTER sockets: the routing id frame
    std::string address;   // the TCP peer's address ("Peer-Address"), when known
    std::vector<uint8_t> data;
};

// Linger 0 (a dead peer never blocks shutdown), bounded queues, and a cap on a frame's size so a peer cannot
// make us allocate much.
inline void setCommonOptions(void* socket) {
    int linger = 0, hwm = 1000;
    int64_t maxMessage = 4096;
    zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(socket, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(socket, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(socket, ZMQ_MAXMSGSIZE, &maxMessage, sizeof maxMessage);
}

// One message without blocking; extra frames are read and discarded (counted as a malformed message by
// leaving data empty).
inline Received receive(void* socket, bool routed) {
    Received r;
    zmq_msg_t part;
    int index = 0;
    bool extra = false;
    while (true) {
        zmq_msg_init(&part);
        if (zmq_msg_recv(&part, socket, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&part);
            return r;
        }
        r.ok = true;
        const auto* bytes = static_cast<const uint8_t*>(zmq_msg_data(&part));
        const size_t size = zmq_msg_size(&part);
        if (routed && index == 0) {
            r.identity.assign(reinterpret_cast<const char*>(bytes), size);
        } else if (index == (routed ? 1 : 0)) {
            r.data.assign(bytes, bytes + size);
            if (const char* a = zmq_msg_gets(&part, "Peer-Address")) r.address = a;
        } else {
            extra = true;
        }
        ++index;
        const bool more = zmq_msg_more(&part);
        zmq_msg_close(&part);
        if (!more) break;
    }
    if (extra) r.data.clear();
    return r;
}

}  // namespace skyhook::net
