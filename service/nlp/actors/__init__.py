"""news_actors: groups person, organisation and country mentions into canonical actors.

The steps, each a module that imports only those above it in this list:
  tokens         the token view the rules read (places passed, the dateline) and the mention record
  context        the country, number or article a token's neighbours state
  people         persons after a role noun, age descriptions, groups with count and country
  organisations  organisations after a descriptor, institutions and governments with their country
  anaphors       class nouns and leaderships that stand for a country or organisation (das Emirat)
  candidates     every mention of a Doc, token by token (rules first, then the NER's persons and organisations)
  antecedents    whom a description or class noun takes up, a person's country and gender
  grouping       mentions grouped into actors (find_actors)
  component      the news_actors factory that stores doc._.actors
  lookup         the actor at a span or token, for the components after this one
"""

from .component import ActorTagger, make_actors
from .grouping import find_actors
from .lookup import actor_at, genitive_after_noun, mention_tokens
from .tokens import Mask, Tokens, dateline_tokens

__all__ = [
    "ActorTagger",
    "Mask",
    "Tokens",
    "actor_at",
    "dateline_tokens",
    "find_actors",
    "genitive_after_noun",
    "make_actors",
    "mention_tokens",
]
