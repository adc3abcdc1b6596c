import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Page, PageQuery, paginate } from '../common/pagination/pagination';
import { ReferenceTypeResponse } from './dto/reference-type.response';
import { PpksCategory, PsksType } from './ppks.entities';

/** The PPKS and PSKS reference lists, in their customary order. Public reference data: no scoping. */
@Injectable()
export class PpksService {
  constructor(
    @InjectRepository(PpksCategory) private readonly categories: Repository<PpksCategory>,
    @InjectRepository(PsksType) private readonly psks: Repository<PsksType>,
  ) {}

  listCategories(query: PageQuery): Promise<Page<ReferenceTypeResponse>> {
    return this.list(this.categories, query);
  }

  listPsksTypes(query: PageQuery): Promise<Page<ReferenceTypeResponse>> {
    return this.list(this.psks, query);
  }

  private list(
    repository: Repository<PpksCategory | PsksType>,
    query: PageQuery,
  ): Promise<Page<ReferenceTypeResponse>> {
    return paginate(
      repository.createQueryBuilder('t'),
      query,
      [
        { expression: 't.sortOrder', value: (t) => t.sortOrder, type: 'number' },
        { expression: 't.code', value: (t) => t.code, type: 'string' },
      ],
      ReferenceTypeResponse.of,
    );
  }
}
