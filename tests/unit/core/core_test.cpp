#include <gtest/gtest.h>

#include <filesystem>

#include "engine/core/file.hpp"
#include "engine/core/handle.hpp"
#include "engine/core/hash.hpp"
#include "engine/core/log.hpp"
#include "engine/core/result.hpp"

namespace skyhook {
namespace {

Result<int> parsePositive(int v) {
    if (v <= 0) return Error::make("value {} is not positive", v);
    return v;
}

Result<int> doubled(int v) {
    SKYHOOK_TRY(parsePositive(v));
    return v * 2;
}

TEST(Result, CarriesValueOrError) {
    auto good = parsePositive(3);
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 3);
    auto bad = parsePositive(-1);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, "value -1 is not positive");
    EXPECT_EQ(bad.error().context("reading x").message, "reading x: value -1 is not positive");
}

TEST(Result, TryPropagates) {
    EXPECT_EQ(*doubled(4), 8);
    EXPECT_FALSE(doubled(0).ok());
}

TEST(ResultDeathTest, ValueOfErrorPanicsEvenInRelease) {
    EXPECT_DEATH((void)parsePositive(-2).value(), "check failed.*value -2 is not positive");
}

struct Thing {
    int v = 0;
};

TEST(Pool, StaleHandleFailsLookup) {
    Pool<Thing> pool;
    auto a = pool.add({1});
    auto b = pool.add({2});
    EXPECT_EQ(pool.get(a)->v, 1);
    EXPECT_TRUE(pool.remove(a));
    EXPECT_EQ(pool.get(a), nullptr);
    auto c = pool.add({3});  // reuses a's slot
    EXPECT_EQ(c.index, a.index);
    EXPECT_NE(c.generation, a.generation);
    EXPECT_EQ(pool.get(a), nullptr);
    EXPECT_EQ(pool.get(c)->v, 3);
    EXPECT_EQ(pool.get(b)->v, 2);
    EXPECT_EQ(pool.size(), 2u);
    EXPECT_FALSE(Pool<Thing>::H{}.valid());
}

TEST(Log, SinksReceiveMessagesAndCountsGrow) {
    log::setStderr(false);
    std::string got;
    int id = log::addSink([&](log::Level l, std::string_view m, std::string_view msg) {
        if (l == log::Level::Warn) got = std::string(m) + "|" + std::string(msg);
    });
    uint64_t before = log::count(log::Level::Warn);
    log::warn("test", "x={}", 5);
    log::removeSink(id);
    log::warn("test", "not seen");
    log::setStderr(true);
    EXPECT_EQ(got, "test|x=5");
    EXPECT_EQ(log::count(log::Level::Warn), before + 2);
}

TEST(File, WriteThenReadRoundTripsAndMissingFileNamesPath) {
    auto dir = std::filesystem::temp_directory_path() / "skyhook_core_test";
    std::vector<uint8_t> bytes{1, 2, 3, 250};
    ASSERT_TRUE(writeFileBytes(dir / "a.bin", bytes).ok());
    auto back = readFileBytes(dir / "a.bin");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, bytes);
    auto missing = readFileBytes(dir / "nope.bin");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("nope.bin"), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(Hash, StableAndSensitive) {
    std::vector<uint8_t> a{1, 2, 3}, b{1, 2, 4};
    EXPECT_EQ(hash64(a), hash64(a));
    EXPECT_NE(hash64(a), hash64(b));
    EXPECT_NE(hash64(a, 1), hash64(a, 2));
}

}  // namespace
}  // namespace skyhook
