package dev.errands.temporal.example;

import dev.errands.Race;
import dev.errands.Sequential;
import java.util.concurrent.TimeUnit;

/** The example's service class: a plain annotated class, the same in-process and on Temporal. */
public class PizzaNight {
  @Sequential
  String address(String customer) {
    return customer + "'s place";
  }

  @Race(value = "pizza", after = "address")
  String luigis(String address) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(900);
    return "margherita from luigis to " + address;
  }

  @Race(value = "pizza", after = "address")
  String marios(String address) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(200);
    return "quattro stagioni from marios to " + address;
  }

  @Sequential(after = "pizza")
  String dinner(String pizza) {
    return "dinner: " + pizza;
  }
}
