package dev.errands.benchmarks;

import dev.errands.Parallel;
import dev.errands.Sequential;

/**
 * Scenario 4: a chain of 50 dependent trivial steps {@code s00}…{@code s49}, each taking the
 * previous one's result. (Written by a loop; step {@code sNN} uses salt NN.)
 */
public class ChainService {
  @Parallel
  int s00(int seed) {
    return Work.step(seed, 0);
  }

  @Sequential(after = "s00")
  int s01(int s00) {
    return Work.step(s00, 1);
  }

  @Sequential(after = "s01")
  int s02(int s01) {
    return Work.step(s01, 2);
  }

  @Sequential(after = "s02")
  int s03(int s02) {
    return Work.step(s02, 3);
  }

  @Sequential(after = "s03")
  int s04(int s03) {
    return Work.step(s03, 4);
  }

  @Sequential(after = "s04")
  int s05(int s04) {
    return Work.step(s04, 5);
  }

  @Sequential(after = "s05")
  int s06(int s05) {
    return Work.step(s05, 6);
  }

  @Sequential(after = "s06")
  int s07(int s06) {
    return Work.step(s06, 7);
  }

  @Sequential(after = "s07")
  int s08(int s07) {
    return Work.step(s07, 8);
  }

  @Sequential(after = "s08")
  int s09(int s08) {
    return Work.step(s08, 9);
  }

  @Sequential(after = "s09")
  int s10(int s09) {
    return Work.step(s09, 10);
  }

  @Sequential(after = "s10")
  int s11(int s10) {
    return Work.step(s10, 11);
  }

  @Sequential(after = "s11")
  int s12(int s11) {
    return Work.step(s11, 12);
  }

  @Sequential(after = "s12")
  int s13(int s12) {
    return Work.step(s12, 13);
  }

  @Sequential(after = "s13")
  int s14(int s13) {
    return Work.step(s13, 14);
  }

  @Sequential(after = "s14")
  int s15(int s14) {
    return Work.step(s14, 15);
  }

  @Sequential(after = "s15")
  int s16(int s15) {
    return Work.step(s15, 16);
  }

  @Sequential(after = "s16")
  int s17(int s16) {
    return Work.step(s16, 17);
  }

  @Sequential(after = "s17")
  int s18(int s17) {
    return Work.step(s17, 18);
  }

  @Sequential(after = "s18")
  int s19(int s18) {
    return Work.step(s18, 19);
  }

  @Sequential(after = "s19")
  int s20(int s19) {
    return Work.step(s19, 20);
  }

  @Sequential(after = "s20")
  int s21(int s20) {
    return Work.step(s20, 21);
  }

  @Sequential(after = "s21")
  int s22(int s21) {
    return Work.step(s21, 22);
  }

  @Sequential(after = "s22")
  int s23(int s22) {
    return Work.step(s22, 23);
  }

  @Sequential(after = "s23")
  int s24(int s23) {
    return Work.step(s23, 24);
  }

  @Sequential(after = "s24")
  int s25(int s24) {
    return Work.step(s24, 25);
  }

  @Sequential(after = "s25")
  int s26(int s25) {
    return Work.step(s25, 26);
  }

  @Sequential(after = "s26")
  int s27(int s26) {
    return Work.step(s26, 27);
  }

  @Sequential(after = "s27")
  int s28(int s27) {
    return Work.step(s27, 28);
  }

  @Sequential(after = "s28")
  int s29(int s28) {
    return Work.step(s28, 29);
  }

  @Sequential(after = "s29")
  int s30(int s29) {
    return Work.step(s29, 30);
  }

  @Sequential(after = "s30")
  int s31(int s30) {
    return Work.step(s30, 31);
  }

  @Sequential(after = "s31")
  int s32(int s31) {
    return Work.step(s31, 32);
  }

  @Sequential(after = "s32")
  int s33(int s32) {
    return Work.step(s32, 33);
  }

  @Sequential(after = "s33")
  int s34(int s33) {
    return Work.step(s33, 34);
  }

  @Sequential(after = "s34")
  int s35(int s34) {
    return Work.step(s34, 35);
  }

  @Sequential(after = "s35")
  int s36(int s35) {
    return Work.step(s35, 36);
  }

  @Sequential(after = "s36")
  int s37(int s36) {
    return Work.step(s36, 37);
  }

  @Sequential(after = "s37")
  int s38(int s37) {
    return Work.step(s37, 38);
  }

  @Sequential(after = "s38")
  int s39(int s38) {
    return Work.step(s38, 39);
  }

  @Sequential(after = "s39")
  int s40(int s39) {
    return Work.step(s39, 40);
  }

  @Sequential(after = "s40")
  int s41(int s40) {
    return Work.step(s40, 41);
  }

  @Sequential(after = "s41")
  int s42(int s41) {
    return Work.step(s41, 42);
  }

  @Sequential(after = "s42")
  int s43(int s42) {
    return Work.step(s42, 43);
  }

  @Sequential(after = "s43")
  int s44(int s43) {
    return Work.step(s43, 44);
  }

  @Sequential(after = "s44")
  int s45(int s44) {
    return Work.step(s44, 45);
  }

  @Sequential(after = "s45")
  int s46(int s45) {
    return Work.step(s45, 46);
  }

  @Sequential(after = "s46")
  int s47(int s46) {
    return Work.step(s46, 47);
  }

  @Sequential(after = "s47")
  int s48(int s47) {
    return Work.step(s47, 48);
  }

  @Sequential(after = "s48")
  int s49(int s48) {
    return Work.step(s48, 49);
  }

}
