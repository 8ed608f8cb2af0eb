"""news_events: PLOVER events with their arguments, negation, modality and time.

The steps, in the order the component runs them per sentence (each a module that imports only those before it):
  lexicon      triggers.tsv files indexed by surface form (verbs with derived inflections, separable verbs,
               compound-aware nouns, phrases), the factuality cues and the event types
  mentions     actor, place and time mentions of the Doc mapped to token positions
  triggers     trigger candidates of a sentence, one per happening (a trigger noun that is the object or the
               an/zu/für-complement of a verb trigger is absorbed into the verb's event)
  phrases      the slot a mention fills, from word order and case marking
  coreference  implicit agents: pronouns, the quoted speaker, shared and controlling subjects, "beide"
  arguments    who and whom from the trigger's frame
  where        where: the clause's places, the sentence's other clauses, the dateline, place words
  factuality   negation and modality
  anchoring    when: the governing time expression of the clause, the sentence, the narrative
  component    the news_events factory that runs them and stores doc._.events

confidence is an additive evidence score, clipped to [0.05, 0.95]:
  base by trigger kind (phrase 0.55, verb 0.5, noun 0.35; minus 0.1 when the verb is only an event through its
  'needs' context, e.g. kommen + zum Treffen, or when the type was decided by polarity, EVAL),
  + 0.25 when a who argument was found (+ 0.05 more when it came from the dependency parse),
  + 0.05 each for whom, where and when.
It ranks events by how much of their frame the text supports; it is not a calibrated probability.
"""

from .component import EventExtractor, extract, make_events
from .lexicon import event_types

__all__ = ["EventExtractor", "event_types", "extract", "make_events"]
