package dev.errands.processor.model;

import java.util.List;

/** A race: the racers that share a name, in source order. The first racer speaks for the race. */
public record RaceModel(String name, List<StepModel> racers) {

  public StepModel first() {
    return racers.get(0);
  }

  public boolean isVoid() {
    return first().isVoid();
  }
}
