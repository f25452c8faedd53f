#pragma once
// Typed handles with generations: a stale handle fails lookup instead of aliasing a newer object.
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/core/check.hpp"

namespace skyhook {

template <class Tag>
struct Handle {
    uint32_t index = 0;
    uint32_t generation = 0;  // 0 is never issued: a default handle is null
    bool valid() const { return generation != 0; }
    explicit operator bool() const { return valid(); }
    friend bool operator==(const Handle&, const Handle&) = default;
};

// Owns objects addressed by Handle<Tag>; freed slots are reused with a bumped generation.
template <class T, class Tag = T>
class Pool {
public:
    using H = Handle<Tag>;

    H add(T value) {
        uint32_t index;
        if (!m_free.empty()) {
            index = m_free.back();
            m_free.pop_back();
        } else {
            index = static_cast<uint32_t>(m_slots.size());
            m_slots.push_back({});
        }
        Slot& s = m_slots[index];
        s.value = std::move(value);
        s.live = true;
        ++m_size;
        return H{index, s.generation};
    }
    bool contains(H h) const {
        return h.index < m_slots.size() && m_slots[h.index].live &&
               m_slots[h.index].generation == h.generation;
    }
    T* get(H h) { return contains(h) ? &m_slots[h.index].value : nullptr; }
    const T* get(H h) const { return contains(h) ? &m_slots[h.index].value : nullptr; }
    T& operator[](H h) {
        SKYHOOK_CHECK(contains(h), "stale or null handle {}:{}", h.index, h.generation);
        return m_slots[h.index].value;
    }
    bool remove(H h) {
        if (!contains(h)) return false;
        Slot& s = m_slots[h.index];
        s.value = T{};
        s.live = false;
        if (++s.generation == 0) s.generation = 1;
        m_free.push_back(h.index);
        --m_size;
        return true;
    }
    size_t size() const { return m_size; }

private:
    struct Slot {
        T value{};
        uint32_t generation = 1;
        bool live = false;
    };
    std::vector<Slot> m_slots;
    std::vector<uint32_t> m_free;
    size_t m_size = 0;
};

}  // namespace skyhook
