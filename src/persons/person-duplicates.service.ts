import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../common/context/request-context';
import { ScopePolicy } from '../identity/scope-policy.service';
import { PossibleDuplicateView } from './dto/person.response';
import { DUPLICATE_THRESHOLD, duplicateScore, MatchablePerson, preparePerson } from './matching';
import { Person } from './person.entity';

/** How many name-similar candidates are scored; trigram search returns the closest first. */
const CANDIDATES = 200;

/**
 * Probable duplicates: PostgreSQL narrows the registry to people with a similar normalised name (trigram index),
 * then the documented score (src/persons/matching) ranks them on name, birth date, sex and regency. Only people the
 * caller may see are returned, so the list never reveals someone outside their scope.
 */
@Injectable()
export class PersonDuplicates {
  constructor(private readonly scope: ScopePolicy) {}

  async find(ctx: RequestContext, em: EntityManager, person: Person): Promise<PossibleDuplicateView[]> {
    const condition = this.scope.persons(ctx, 'p');
    const candidates = await em
      .getRepository(Person)
      .createQueryBuilder('p')
      .where(condition.sql, condition.params)
      .andWhere(`p.status = 'ACTIVE'`)
      .andWhere('p.id <> :self', { self: person.id })
      .andWhere('(p.name_key % :key OR :key <% p.name_key OR p.name_key <% :key)', { key: person.nameKey })
      .orderBy('similarity(p.name_key, :key)', 'DESC')
      .limit(CANDIDATES)
      .getMany();
    const subject = preparePerson(matchable(person));
    return candidates
      .map((candidate) => ({ candidate, ...duplicateScore(subject, matchable(candidate)) }))
      .filter((m) => m.score >= DUPLICATE_THRESHOLD)
      .sort((a, b) => b.score - a.score)
      .slice(0, 20)
      .map(({ candidate, score, reasons }) => ({
        personId: candidate.id,
        fullName: candidate.fullName,
        birthDate: candidate.birthDate,
        domicileVillageCode: candidate.domicileVillageCode,
        score: Math.round(score * 1000) / 1000,
        reasons,
      }));
  }
}

function matchable(p: Person): MatchablePerson {
  return {
    fullName: p.fullName,
    birthDate: p.birthDate,
    birthDatePrecision: p.birthDatePrecision,
    sex: p.sex,
    regencyCode: p.domicileVillageCode?.slice(0, 4) ?? null,
  };
}
