package dev.errands.benchmarks;

import com.google.common.util.concurrent.ListenableFuture;
import dagger.BindsInstance;
import dagger.producers.ProducerModule;
import dagger.producers.Produces;
import dagger.producers.Production;
import dagger.producers.ProductionComponent;
import java.util.concurrent.Executor;
import javax.inject.Named;

/**
 * Scenario 3 in Dagger Producers: 100 independent producers {@code s00}…{@code s99}, then a join.
 * (Written by a loop, like {@link WideFanOutService}.)
 */
@ProducerModule
final class WideFanOutProduction {
  private WideFanOutProduction() {}

  @Produces
  @Named("s00")
  static int s00(@Named("seed") int seed) {
    return Work.step(seed, 0);
  }

  @Produces
  @Named("s01")
  static int s01(@Named("seed") int seed) {
    return Work.step(seed, 1);
  }

  @Produces
  @Named("s02")
  static int s02(@Named("seed") int seed) {
    return Work.step(seed, 2);
  }

  @Produces
  @Named("s03")
  static int s03(@Named("seed") int seed) {
    return Work.step(seed, 3);
  }

  @Produces
  @Named("s04")
  static int s04(@Named("seed") int seed) {
    return Work.step(seed, 4);
  }

  @Produces
  @Named("s05")
  static int s05(@Named("seed") int seed) {
    return Work.step(seed, 5);
  }

  @Produces
  @Named("s06")
  static int s06(@Named("seed") int seed) {
    return Work.step(seed, 6);
  }

  @Produces
  @Named("s07")
  static int s07(@Named("seed") int seed) {
    return Work.step(seed, 7);
  }

  @Produces
  @Named("s08")
  static int s08(@Named("seed") int seed) {
    return Work.step(seed, 8);
  }

  @Produces
  @Named("s09")
  static int s09(@Named("seed") int seed) {
    return Work.step(seed, 9);
  }

  @Produces
  @Named("s10")
  static int s10(@Named("seed") int seed) {
    return Work.step(seed, 10);
  }

  @Produces
  @Named("s11")
  static int s11(@Named("seed") int seed) {
    return Work.step(seed, 11);
  }

  @Produces
  @Named("s12")
  static int s12(@Named("seed") int seed) {
    return Work.step(seed, 12);
  }

  @Produces
  @Named("s13")
  static int s13(@Named("seed") int seed) {
    return Work.step(seed, 13);
  }

  @Produces
  @Named("s14")
  static int s14(@Named("seed") int seed) {
    return Work.step(seed, 14);
  }

  @Produces
  @Named("s15")
  static int s15(@Named("seed") int seed) {
    return Work.step(seed, 15);
  }

  @Produces
  @Named("s16")
  static int s16(@Named("seed") int seed) {
    return Work.step(seed, 16);
  }

  @Produces
  @Named("s17")
  static int s17(@Named("seed") int seed) {
    return Work.step(seed, 17);
  }

  @Produces
  @Named("s18")
  static int s18(@Named("seed") int seed) {
    return Work.step(seed, 18);
  }

  @Produces
  @Named("s19")
  static int s19(@Named("seed") int seed) {
    return Work.step(seed, 19);
  }

  @Produces
  @Named("s20")
  static int s20(@Named("seed") int seed) {
    return Work.step(seed, 20);
  }

  @Produces
  @Named("s21")
  static int s21(@Named("seed") int seed) {
    return Work.step(seed, 21);
  }

  @Produces
  @Named("s22")
  static int s22(@Named("seed") int seed) {
    return Work.step(seed, 22);
  }

  @Produces
  @Named("s23")
  static int s23(@Named("seed") int seed) {
    return Work.step(seed, 23);
  }

  @Produces
  @Named("s24")
  static int s24(@Named("seed") int seed) {
    return Work.step(seed, 24);
  }

  @Produces
  @Named("s25")
  static int s25(@Named("seed") int seed) {
    return Work.step(seed, 25);
  }

  @Produces
  @Named("s26")
  static int s26(@Named("seed") int seed) {
    return Work.step(seed, 26);
  }

  @Produces
  @Named("s27")
  static int s27(@Named("seed") int seed) {
    return Work.step(seed, 27);
  }

  @Produces
  @Named("s28")
  static int s28(@Named("seed") int seed) {
    return Work.step(seed, 28);
  }

  @Produces
  @Named("s29")
  static int s29(@Named("seed") int seed) {
    return Work.step(seed, 29);
  }

  @Produces
  @Named("s30")
  static int s30(@Named("seed") int seed) {
    return Work.step(seed, 30);
  }

  @Produces
  @Named("s31")
  static int s31(@Named("seed") int seed) {
    return Work.step(seed, 31);
  }

  @Produces
  @Named("s32")
  static int s32(@Named("seed") int seed) {
    return Work.step(seed, 32);
  }

  @Produces
  @Named("s33")
  static int s33(@Named("seed") int seed) {
    return Work.step(seed, 33);
  }

  @Produces
  @Named("s34")
  static int s34(@Named("seed") int seed) {
    return Work.step(seed, 34);
  }

  @Produces
  @Named("s35")
  static int s35(@Named("seed") int seed) {
    return Work.step(seed, 35);
  }

  @Produces
  @Named("s36")
  static int s36(@Named("seed") int seed) {
    return Work.step(seed, 36);
  }

  @Produces
  @Named("s37")
  static int s37(@Named("seed") int seed) {
    return Work.step(seed, 37);
  }

  @Produces
  @Named("s38")
  static int s38(@Named("seed") int seed) {
    return Work.step(seed, 38);
  }

  @Produces
  @Named("s39")
  static int s39(@Named("seed") int seed) {
    return Work.step(seed, 39);
  }

  @Produces
  @Named("s40")
  static int s40(@Named("seed") int seed) {
    return Work.step(seed, 40);
  }

  @Produces
  @Named("s41")
  static int s41(@Named("seed") int seed) {
    return Work.step(seed, 41);
  }

  @Produces
  @Named("s42")
  static int s42(@Named("seed") int seed) {
    return Work.step(seed, 42);
  }

  @Produces
  @Named("s43")
  static int s43(@Named("seed") int seed) {
    return Work.step(seed, 43);
  }

  @Produces
  @Named("s44")
  static int s44(@Named("seed") int seed) {
    return Work.step(seed, 44);
  }

  @Produces
  @Named("s45")
  static int s45(@Named("seed") int seed) {
    return Work.step(seed, 45);
  }

  @Produces
  @Named("s46")
  static int s46(@Named("seed") int seed) {
    return Work.step(seed, 46);
  }

  @Produces
  @Named("s47")
  static int s47(@Named("seed") int seed) {
    return Work.step(seed, 47);
  }

  @Produces
  @Named("s48")
  static int s48(@Named("seed") int seed) {
    return Work.step(seed, 48);
  }

  @Produces
  @Named("s49")
  static int s49(@Named("seed") int seed) {
    return Work.step(seed, 49);
  }

  @Produces
  @Named("s50")
  static int s50(@Named("seed") int seed) {
    return Work.step(seed, 50);
  }

  @Produces
  @Named("s51")
  static int s51(@Named("seed") int seed) {
    return Work.step(seed, 51);
  }

  @Produces
  @Named("s52")
  static int s52(@Named("seed") int seed) {
    return Work.step(seed, 52);
  }

  @Produces
  @Named("s53")
  static int s53(@Named("seed") int seed) {
    return Work.step(seed, 53);
  }

  @Produces
  @Named("s54")
  static int s54(@Named("seed") int seed) {
    return Work.step(seed, 54);
  }

  @Produces
  @Named("s55")
  static int s55(@Named("seed") int seed) {
    return Work.step(seed, 55);
  }

  @Produces
  @Named("s56")
  static int s56(@Named("seed") int seed) {
    return Work.step(seed, 56);
  }

  @Produces
  @Named("s57")
  static int s57(@Named("seed") int seed) {
    return Work.step(seed, 57);
  }

  @Produces
  @Named("s58")
  static int s58(@Named("seed") int seed) {
    return Work.step(seed, 58);
  }

  @Produces
  @Named("s59")
  static int s59(@Named("seed") int seed) {
    return Work.step(seed, 59);
  }

  @Produces
  @Named("s60")
  static int s60(@Named("seed") int seed) {
    return Work.step(seed, 60);
  }

  @Produces
  @Named("s61")
  static int s61(@Named("seed") int seed) {
    return Work.step(seed, 61);
  }

  @Produces
  @Named("s62")
  static int s62(@Named("seed") int seed) {
    return Work.step(seed, 62);
  }

  @Produces
  @Named("s63")
  static int s63(@Named("seed") int seed) {
    return Work.step(seed, 63);
  }

  @Produces
  @Named("s64")
  static int s64(@Named("seed") int seed) {
    return Work.step(seed, 64);
  }

  @Produces
  @Named("s65")
  static int s65(@Named("seed") int seed) {
    return Work.step(seed, 65);
  }

  @Produces
  @Named("s66")
  static int s66(@Named("seed") int seed) {
    return Work.step(seed, 66);
  }

  @Produces
  @Named("s67")
  static int s67(@Named("seed") int seed) {
    return Work.step(seed, 67);
  }

  @Produces
  @Named("s68")
  static int s68(@Named("seed") int seed) {
    return Work.step(seed, 68);
  }

  @Produces
  @Named("s69")
  static int s69(@Named("seed") int seed) {
    return Work.step(seed, 69);
  }

  @Produces
  @Named("s70")
  static int s70(@Named("seed") int seed) {
    return Work.step(seed, 70);
  }

  @Produces
  @Named("s71")
  static int s71(@Named("seed") int seed) {
    return Work.step(seed, 71);
  }

  @Produces
  @Named("s72")
  static int s72(@Named("seed") int seed) {
    return Work.step(seed, 72);
  }

  @Produces
  @Named("s73")
  static int s73(@Named("seed") int seed) {
    return Work.step(seed, 73);
  }

  @Produces
  @Named("s74")
  static int s74(@Named("seed") int seed) {
    return Work.step(seed, 74);
  }

  @Produces
  @Named("s75")
  static int s75(@Named("seed") int seed) {
    return Work.step(seed, 75);
  }

  @Produces
  @Named("s76")
  static int s76(@Named("seed") int seed) {
    return Work.step(seed, 76);
  }

  @Produces
  @Named("s77")
  static int s77(@Named("seed") int seed) {
    return Work.step(seed, 77);
  }

  @Produces
  @Named("s78")
  static int s78(@Named("seed") int seed) {
    return Work.step(seed, 78);
  }

  @Produces
  @Named("s79")
  static int s79(@Named("seed") int seed) {
    return Work.step(seed, 79);
  }

  @Produces
  @Named("s80")
  static int s80(@Named("seed") int seed) {
    return Work.step(seed, 80);
  }

  @Produces
  @Named("s81")
  static int s81(@Named("seed") int seed) {
    return Work.step(seed, 81);
  }

  @Produces
  @Named("s82")
  static int s82(@Named("seed") int seed) {
    return Work.step(seed, 82);
  }

  @Produces
  @Named("s83")
  static int s83(@Named("seed") int seed) {
    return Work.step(seed, 83);
  }

  @Produces
  @Named("s84")
  static int s84(@Named("seed") int seed) {
    return Work.step(seed, 84);
  }

  @Produces
  @Named("s85")
  static int s85(@Named("seed") int seed) {
    return Work.step(seed, 85);
  }

  @Produces
  @Named("s86")
  static int s86(@Named("seed") int seed) {
    return Work.step(seed, 86);
  }

  @Produces
  @Named("s87")
  static int s87(@Named("seed") int seed) {
    return Work.step(seed, 87);
  }

  @Produces
  @Named("s88")
  static int s88(@Named("seed") int seed) {
    return Work.step(seed, 88);
  }

  @Produces
  @Named("s89")
  static int s89(@Named("seed") int seed) {
    return Work.step(seed, 89);
  }

  @Produces
  @Named("s90")
  static int s90(@Named("seed") int seed) {
    return Work.step(seed, 90);
  }

  @Produces
  @Named("s91")
  static int s91(@Named("seed") int seed) {
    return Work.step(seed, 91);
  }

  @Produces
  @Named("s92")
  static int s92(@Named("seed") int seed) {
    return Work.step(seed, 92);
  }

  @Produces
  @Named("s93")
  static int s93(@Named("seed") int seed) {
    return Work.step(seed, 93);
  }

  @Produces
  @Named("s94")
  static int s94(@Named("seed") int seed) {
    return Work.step(seed, 94);
  }

  @Produces
  @Named("s95")
  static int s95(@Named("seed") int seed) {
    return Work.step(seed, 95);
  }

  @Produces
  @Named("s96")
  static int s96(@Named("seed") int seed) {
    return Work.step(seed, 96);
  }

  @Produces
  @Named("s97")
  static int s97(@Named("seed") int seed) {
    return Work.step(seed, 97);
  }

  @Produces
  @Named("s98")
  static int s98(@Named("seed") int seed) {
    return Work.step(seed, 98);
  }

  @Produces
  @Named("s99")
  static int s99(@Named("seed") int seed) {
    return Work.step(seed, 99);
  }

  @Produces
  @Named("join")
  static int join(@Named("s00") int s00, @Named("s01") int s01, @Named("s02") int s02,
      @Named("s03") int s03, @Named("s04") int s04, @Named("s05") int s05, @Named("s06") int s06,
      @Named("s07") int s07, @Named("s08") int s08, @Named("s09") int s09, @Named("s10") int s10,
      @Named("s11") int s11, @Named("s12") int s12, @Named("s13") int s13, @Named("s14") int s14,
      @Named("s15") int s15, @Named("s16") int s16, @Named("s17") int s17, @Named("s18") int s18,
      @Named("s19") int s19, @Named("s20") int s20, @Named("s21") int s21, @Named("s22") int s22,
      @Named("s23") int s23, @Named("s24") int s24, @Named("s25") int s25, @Named("s26") int s26,
      @Named("s27") int s27, @Named("s28") int s28, @Named("s29") int s29, @Named("s30") int s30,
      @Named("s31") int s31, @Named("s32") int s32, @Named("s33") int s33, @Named("s34") int s34,
      @Named("s35") int s35, @Named("s36") int s36, @Named("s37") int s37, @Named("s38") int s38,
      @Named("s39") int s39, @Named("s40") int s40, @Named("s41") int s41, @Named("s42") int s42,
      @Named("s43") int s43, @Named("s44") int s44, @Named("s45") int s45, @Named("s46") int s46,
      @Named("s47") int s47, @Named("s48") int s48, @Named("s49") int s49, @Named("s50") int s50,
      @Named("s51") int s51, @Named("s52") int s52, @Named("s53") int s53, @Named("s54") int s54,
      @Named("s55") int s55, @Named("s56") int s56, @Named("s57") int s57, @Named("s58") int s58,
      @Named("s59") int s59, @Named("s60") int s60, @Named("s61") int s61, @Named("s62") int s62,
      @Named("s63") int s63, @Named("s64") int s64, @Named("s65") int s65, @Named("s66") int s66,
      @Named("s67") int s67, @Named("s68") int s68, @Named("s69") int s69, @Named("s70") int s70,
      @Named("s71") int s71, @Named("s72") int s72, @Named("s73") int s73, @Named("s74") int s74,
      @Named("s75") int s75, @Named("s76") int s76, @Named("s77") int s77, @Named("s78") int s78,
      @Named("s79") int s79, @Named("s80") int s80, @Named("s81") int s81, @Named("s82") int s82,
      @Named("s83") int s83, @Named("s84") int s84, @Named("s85") int s85, @Named("s86") int s86,
      @Named("s87") int s87, @Named("s88") int s88, @Named("s89") int s89, @Named("s90") int s90,
      @Named("s91") int s91, @Named("s92") int s92, @Named("s93") int s93, @Named("s94") int s94,
      @Named("s95") int s95, @Named("s96") int s96, @Named("s97") int s97, @Named("s98") int s98,
      @Named("s99") int s99) {
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

  @ProductionComponent(modules = WideFanOutProduction.class)
  interface Graph {
    @Named("join")
    ListenableFuture<Integer> join();

    @ProductionComponent.Builder
    interface Builder {
      @BindsInstance
      Builder seed(@Named("seed") int seed);

      @BindsInstance
      Builder executor(@Production Executor executor);

      Graph build();
    }
  }
}
