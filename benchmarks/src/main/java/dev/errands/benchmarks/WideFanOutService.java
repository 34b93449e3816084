package dev.errands.benchmarks;

import dev.errands.Parallel;
import dev.errands.Sequential;

/**
 * Scenario 3: a wide fan-out, 100 independent trivial steps {@code s00}…{@code s99}, then a join
 * of all their results. (Written by a loop; step {@code sNN} uses salt NN.)
 */
public class WideFanOutService {
  @Parallel
  int s00(int seed) {
    return Work.step(seed, 0);
  }

  @Parallel
  int s01(int seed) {
    return Work.step(seed, 1);
  }

  @Parallel
  int s02(int seed) {
    return Work.step(seed, 2);
  }

  @Parallel
  int s03(int seed) {
    return Work.step(seed, 3);
  }

  @Parallel
  int s04(int seed) {
    return Work.step(seed, 4);
  }

  @Parallel
  int s05(int seed) {
    return Work.step(seed, 5);
  }

  @Parallel
  int s06(int seed) {
    return Work.step(seed, 6);
  }

  @Parallel
  int s07(int seed) {
    return Work.step(seed, 7);
  }

  @Parallel
  int s08(int seed) {
    return Work.step(seed, 8);
  }

  @Parallel
  int s09(int seed) {
    return Work.step(seed, 9);
  }

  @Parallel
  int s10(int seed) {
    return Work.step(seed, 10);
  }

  @Parallel
  int s11(int seed) {
    return Work.step(seed, 11);
  }

  @Parallel
  int s12(int seed) {
    return Work.step(seed, 12);
  }

  @Parallel
  int s13(int seed) {
    return Work.step(seed, 13);
  }

  @Parallel
  int s14(int seed) {
    return Work.step(seed, 14);
  }

  @Parallel
  int s15(int seed) {
    return Work.step(seed, 15);
  }

  @Parallel
  int s16(int seed) {
    return Work.step(seed, 16);
  }

  @Parallel
  int s17(int seed) {
    return Work.step(seed, 17);
  }

  @Parallel
  int s18(int seed) {
    return Work.step(seed, 18);
  }

  @Parallel
  int s19(int seed) {
    return Work.step(seed, 19);
  }

  @Parallel
  int s20(int seed) {
    return Work.step(seed, 20);
  }

  @Parallel
  int s21(int seed) {
    return Work.step(seed, 21);
  }

  @Parallel
  int s22(int seed) {
    return Work.step(seed, 22);
  }

  @Parallel
  int s23(int seed) {
    return Work.step(seed, 23);
  }

  @Parallel
  int s24(int seed) {
    return Work.step(seed, 24);
  }

  @Parallel
  int s25(int seed) {
    return Work.step(seed, 25);
  }

  @Parallel
  int s26(int seed) {
    return Work.step(seed, 26);
  }

  @Parallel
  int s27(int seed) {
    return Work.step(seed, 27);
  }

  @Parallel
  int s28(int seed) {
    return Work.step(seed, 28);
  }

  @Parallel
  int s29(int seed) {
    return Work.step(seed, 29);
  }

  @Parallel
  int s30(int seed) {
    return Work.step(seed, 30);
  }

  @Parallel
  int s31(int seed) {
    return Work.step(seed, 31);
  }

  @Parallel
  int s32(int seed) {
    return Work.step(seed, 32);
  }

  @Parallel
  int s33(int seed) {
    return Work.step(seed, 33);
  }

  @Parallel
  int s34(int seed) {
    return Work.step(seed, 34);
  }

  @Parallel
  int s35(int seed) {
    return Work.step(seed, 35);
  }

  @Parallel
  int s36(int seed) {
    return Work.step(seed, 36);
  }

  @Parallel
  int s37(int seed) {
    return Work.step(seed, 37);
  }

  @Parallel
  int s38(int seed) {
    return Work.step(seed, 38);
  }

  @Parallel
  int s39(int seed) {
    return Work.step(seed, 39);
  }

  @Parallel
  int s40(int seed) {
    return Work.step(seed, 40);
  }

  @Parallel
  int s41(int seed) {
    return Work.step(seed, 41);
  }

  @Parallel
  int s42(int seed) {
    return Work.step(seed, 42);
  }

  @Parallel
  int s43(int seed) {
    return Work.step(seed, 43);
  }

  @Parallel
  int s44(int seed) {
    return Work.step(seed, 44);
  }

  @Parallel
  int s45(int seed) {
    return Work.step(seed, 45);
  }

  @Parallel
  int s46(int seed) {
    return Work.step(seed, 46);
  }

  @Parallel
  int s47(int seed) {
    return Work.step(seed, 47);
  }

  @Parallel
  int s48(int seed) {
    return Work.step(seed, 48);
  }

  @Parallel
  int s49(int seed) {
    return Work.step(seed, 49);
  }

  @Parallel
  int s50(int seed) {
    return Work.step(seed, 50);
  }

  @Parallel
  int s51(int seed) {
    return Work.step(seed, 51);
  }

  @Parallel
  int s52(int seed) {
    return Work.step(seed, 52);
  }

  @Parallel
  int s53(int seed) {
    return Work.step(seed, 53);
  }

  @Parallel
  int s54(int seed) {
    return Work.step(seed, 54);
  }

  @Parallel
  int s55(int seed) {
    return Work.step(seed, 55);
  }

  @Parallel
  int s56(int seed) {
    return Work.step(seed, 56);
  }

  @Parallel
  int s57(int seed) {
    return Work.step(seed, 57);
  }

  @Parallel
  int s58(int seed) {
    return Work.step(seed, 58);
  }

  @Parallel
  int s59(int seed) {
    return Work.step(seed, 59);
  }

  @Parallel
  int s60(int seed) {
    return Work.step(seed, 60);
  }

  @Parallel
  int s61(int seed) {
    return Work.step(seed, 61);
  }

  @Parallel
  int s62(int seed) {
    return Work.step(seed, 62);
  }

  @Parallel
  int s63(int seed) {
    return Work.step(seed, 63);
  }

  @Parallel
  int s64(int seed) {
    return Work.step(seed, 64);
  }

  @Parallel
  int s65(int seed) {
    return Work.step(seed, 65);
  }

  @Parallel
  int s66(int seed) {
    return Work.step(seed, 66);
  }

  @Parallel
  int s67(int seed) {
    return Work.step(seed, 67);
  }

  @Parallel
  int s68(int seed) {
    return Work.step(seed, 68);
  }

  @Parallel
  int s69(int seed) {
    return Work.step(seed, 69);
  }

  @Parallel
  int s70(int seed) {
    return Work.step(seed, 70);
  }

  @Parallel
  int s71(int seed) {
    return Work.step(seed, 71);
  }

  @Parallel
  int s72(int seed) {
    return Work.step(seed, 72);
  }

  @Parallel
  int s73(int seed) {
    return Work.step(seed, 73);
  }

  @Parallel
  int s74(int seed) {
    return Work.step(seed, 74);
  }

  @Parallel
  int s75(int seed) {
    return Work.step(seed, 75);
  }

  @Parallel
  int s76(int seed) {
    return Work.step(seed, 76);
  }

  @Parallel
  int s77(int seed) {
    return Work.step(seed, 77);
  }

  @Parallel
  int s78(int seed) {
    return Work.step(seed, 78);
  }

  @Parallel
  int s79(int seed) {
    return Work.step(seed, 79);
  }

  @Parallel
  int s80(int seed) {
    return Work.step(seed, 80);
  }

  @Parallel
  int s81(int seed) {
    return Work.step(seed, 81);
  }

  @Parallel
  int s82(int seed) {
    return Work.step(seed, 82);
  }

  @Parallel
  int s83(int seed) {
    return Work.step(seed, 83);
  }

  @Parallel
  int s84(int seed) {
    return Work.step(seed, 84);
  }

  @Parallel
  int s85(int seed) {
    return Work.step(seed, 85);
  }

  @Parallel
  int s86(int seed) {
    return Work.step(seed, 86);
  }

  @Parallel
  int s87(int seed) {
    return Work.step(seed, 87);
  }

  @Parallel
  int s88(int seed) {
    return Work.step(seed, 88);
  }

  @Parallel
  int s89(int seed) {
    return Work.step(seed, 89);
  }

  @Parallel
  int s90(int seed) {
    return Work.step(seed, 90);
  }

  @Parallel
  int s91(int seed) {
    return Work.step(seed, 91);
  }

  @Parallel
  int s92(int seed) {
    return Work.step(seed, 92);
  }

  @Parallel
  int s93(int seed) {
    return Work.step(seed, 93);
  }

  @Parallel
  int s94(int seed) {
    return Work.step(seed, 94);
  }

  @Parallel
  int s95(int seed) {
    return Work.step(seed, 95);
  }

  @Parallel
  int s96(int seed) {
    return Work.step(seed, 96);
  }

  @Parallel
  int s97(int seed) {
    return Work.step(seed, 97);
  }

  @Parallel
  int s98(int seed) {
    return Work.step(seed, 98);
  }

  @Parallel
  int s99(int seed) {
    return Work.step(seed, 99);
  }

  @Sequential(after = {
      "s00", "s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09", "s10", "s11", "s12",
      "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25",
      "s26", "s27", "s28", "s29", "s30", "s31", "s32", "s33", "s34", "s35", "s36", "s37", "s38",
      "s39", "s40", "s41", "s42", "s43", "s44", "s45", "s46", "s47", "s48", "s49", "s50", "s51",
      "s52", "s53", "s54", "s55", "s56", "s57", "s58", "s59", "s60", "s61", "s62", "s63", "s64",
      "s65", "s66", "s67", "s68", "s69", "s70", "s71", "s72", "s73", "s74", "s75", "s76", "s77",
      "s78", "s79", "s80", "s81", "s82", "s83", "s84", "s85", "s86", "s87", "s88", "s89", "s90",
      "s91", "s92", "s93", "s94", "s95", "s96", "s97", "s98", "s99"
  })
  int join(int s00, int s01, int s02, int s03, int s04, int s05, int s06, int s07, int s08,
      int s09, int s10, int s11, int s12, int s13, int s14, int s15, int s16, int s17, int s18,
      int s19, int s20, int s21, int s22, int s23, int s24, int s25, int s26, int s27, int s28,
      int s29, int s30, int s31, int s32, int s33, int s34, int s35, int s36, int s37, int s38,
      int s39, int s40, int s41, int s42, int s43, int s44, int s45, int s46, int s47, int s48,
      int s49, int s50, int s51, int s52, int s53, int s54, int s55, int s56, int s57, int s58,
      int s59, int s60, int s61, int s62, int s63, int s64, int s65, int s66, int s67, int s68,
      int s69, int s70, int s71, int s72, int s73, int s74, int s75, int s76, int s77, int s78,
      int s79, int s80, int s81, int s82, int s83, int s84, int s85, int s86, int s87, int s88,
      int s89, int s90, int s91, int s92, int s93, int s94, int s95, int s96, int s97, int s98,
      int s99) {
    int h = 0;
    h = h * 31 + s00;
    h = h * 31 + s01;
    h = h * 31 + s02;
    h = h * 31 + s03;
    h = h * 31 + s04;
    h = h * 31 + s05;
    h = h * 31 + s06;
    h = h * 31 + s07;
    h = h * 31 + s08;
    h = h * 31 + s09;
    h = h * 31 + s10;
    h = h * 31 + s11;
    h = h * 31 + s12;
    h = h * 31 + s13;
    h = h * 31 + s14;
    h = h * 31 + s15;
    h = h * 31 + s16;
    h = h * 31 + s17;
    h = h * 31 + s18;
    h = h * 31 + s19;
    h = h * 31 + s20;
    h = h * 31 + s21;
    h = h * 31 + s22;
    h = h * 31 + s23;
    h = h * 31 + s24;
    h = h * 31 + s25;
    h = h * 31 + s26;
    h = h * 31 + s27;
    h = h * 31 + s28;
    h = h * 31 + s29;
    h = h * 31 + s30;
    h = h * 31 + s31;
    h = h * 31 + s32;
    h = h * 31 + s33;
    h = h * 31 + s34;
    h = h * 31 + s35;
    h = h * 31 + s36;
    h = h * 31 + s37;
    h = h * 31 + s38;
    h = h * 31 + s39;
    h = h * 31 + s40;
    h = h * 31 + s41;
    h = h * 31 + s42;
    h = h * 31 + s43;
    h = h * 31 + s44;
    h = h * 31 + s45;
    h = h * 31 + s46;
    h = h * 31 + s47;
    h = h * 31 + s48;
    h = h * 31 + s49;
    h = h * 31 + s50;
    h = h * 31 + s51;
    h = h * 31 + s52;
    h = h * 31 + s53;
    h = h * 31 + s54;
    h = h * 31 + s55;
    h = h * 31 + s56;
    h = h * 31 + s57;
    h = h * 31 + s58;
    h = h * 31 + s59;
    h = h * 31 + s60;
    h = h * 31 + s61;
    h = h * 31 + s62;
    h = h * 31 + s63;
    h = h * 31 + s64;
    h = h * 31 + s65;
    h = h * 31 + s66;
    h = h * 31 + s67;
    h = h * 31 + s68;
    h = h * 31 + s69;
    h = h * 31 + s70;
    h = h * 31 + s71;
    h = h * 31 + s72;
    h = h * 31 + s73;
    h = h * 31 + s74;
    h = h * 31 + s75;
    h = h * 31 + s76;
    h = h * 31 + s77;
    h = h * 31 + s78;
    h = h * 31 + s79;
    h = h * 31 + s80;
    h = h * 31 + s81;
    h = h * 31 + s82;
    h = h * 31 + s83;
    h = h * 31 + s84;
    h = h * 31 + s85;
    h = h * 31 + s86;
    h = h * 31 + s87;
    h = h * 31 + s88;
    h = h * 31 + s89;
    h = h * 31 + s90;
    h = h * 31 + s91;
    h = h * 31 + s92;
    h = h * 31 + s93;
    h = h * 31 + s94;
    h = h * 31 + s95;
    h = h * 31 + s96;
    h = h * 31 + s97;
    h = h * 31 + s98;
    h = h * 31 + s99;
    return h;
  }
}
